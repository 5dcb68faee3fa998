// Sends webhooks the way Twilio does: form-encoded, signed with the tenant's auth token over the
// public URL (PUBLIC_BASE_URL + path), to an API listening on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { ArrivingMessage } from '../../src/messages/inbound';
import { randomWhatsApp } from './stack';

export type Params = Record<string, string>;

export const newMessageSid = (prefix: 'SM' | 'MM' = 'SM') => prefix + randomBytes(16).toString('hex');

/** A customer's text "hi" as the webhook hands it to `storeArrival`. */
export const textArrival = (from: string, messageSid = newMessageSid()): ArrivingMessage => ({
  messageSid,
  from,
  input: { kind: 'text', text: 'hi' },
  body: 'hi',
  media: [],
  params: {},
});

export interface WebhookTarget {
  /** Where the API listens, e.g. http://127.0.0.1:41234 */
  apiUrl: string;
  /** What Twilio believes it calls (PUBLIC_BASE_URL of that API). */
  publicBaseUrl: string;
  authToken: string;
}

export interface PostOptions {
  /** Override the computed signature; null sends none. */
  signature?: string | null;
  headers?: Record<string, string>;
}

export interface WebhookResponse {
  status: number;
  text: string;
  contentType: string | null;
}

export function signatureFor(target: WebhookTarget, path: string, params: Params): string {
  return twilio.getExpectedTwilioSignature(target.authToken, target.publicBaseUrl.replace(/\/+$/, '') + path, params);
}

export async function postSigned(target: WebhookTarget, path: string, params: Params, options: PostOptions = {}): Promise<WebhookResponse> {
  const signature = options.signature === undefined ? signatureFor(target, path, params) : options.signature;
  const res = await fetch(target.apiUrl + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature !== null ? { 'x-twilio-signature': signature } : {}),
      ...options.headers,
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') };
}

/** A WhatsApp text message from `from` to the restaurant's number, as Twilio posts it. */
export function inboundParams(to: string, overrides: Params = {}, from = randomWhatsApp()): Params {
  const messageSid = overrides.MessageSid ?? newMessageSid();
  return {
    SmsMessageSid: messageSid,
    NumMedia: '0',
    ProfileName: 'Test Customer',
    MessageType: 'text',
    SmsSid: messageSid,
    WaId: from.replace(/^whatsapp:\+/, ''),
    SmsStatus: 'received',
    Body: 'hello',
    To: to,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: messageSid,
    AccountSid: `AC${randomBytes(16).toString('hex')}`,
    From: from,
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}

/** A status callback for a message we sent: From is the restaurant's number. */
export function statusParams(ourNumber: string, customer: string, messageSid: string, status: string, extra: Params = {}): Params {
  return {
    MessageSid: messageSid,
    SmsSid: messageSid,
    MessageStatus: status,
    SmsStatus: status,
    From: ourNumber,
    To: customer,
    AccountSid: `AC${randomBytes(16).toString('hex')}`,
    ApiVersion: '2010-04-01',
    ChannelPrefix: 'whatsapp',
    ...extra,
  };
}

/** Runs `tasks` with at most `limit` in flight; results in input order. */
export async function withConcurrency<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  });
  await Promise.all(lanes);
  return results;
}
