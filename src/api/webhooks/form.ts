// The body of a Twilio webhook: form-encoded, small. Parsed on these routes only (the JSON routes
// of the dashboard have their own parsers).
import express, { type Request } from 'express';
import { HttpError, badRequest } from '../errors';
import { isForm, type TwilioForm } from './parse';

/** Twilio's bodies are a few kB; a larger one is not Twilio (→ 413 via the error handler). */
export const twilioFormParser = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });

export const EMPTY_TWIML = '<Response></Response>';

/** The parsed form; 415 for another content type (JSON included), 400 for no body at all. */
export function formOf(req: Request): TwilioForm {
  const type = req.is('application/x-www-form-urlencoded');
  if (type === null) throw badRequest('empty request body; expected a Twilio form');
  if (type === false) {
    throw new HttpError(415, 'unsupported_media_type', 'Twilio webhooks must be application/x-www-form-urlencoded');
  }
  if (!isForm(req.body)) throw badRequest('request body could not be parsed as a form');
  // No text Twilio sends holds a NUL, and PostgreSQL can store none: refused, never a 5xx.
  if (Object.entries(req.body).some(([key, value]) => holdsNul(key) || [value].flat().some((v) => typeof v === 'string' && holdsNul(v)))) {
    throw badRequest('form parameters must not contain NUL characters');
  }
  return req.body;
}

const holdsNul = (text: string): boolean => text.includes('\u0000');
