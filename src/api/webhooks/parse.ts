// Twilio's form parameters → typed values. Known fields are validated with zod; every parameter we
// do not map to a column is kept (in Message.metadata.params), never rejected.
import { z } from 'zod';
import type { CustomerInput } from '../../dialogue/types';
import { badRequest, describeZodError } from '../errors';

/** A form as `express.urlencoded({ extended: false })` parses it. */
export type TwilioForm = Record<string, string | string[]>;

const sid = z.string().regex(/^[A-Za-z0-9]{2,64}$/, 'expected a Twilio SID');
const address = z.string().min(1).max(128);
const optionalText = z.string().max(4096).optional();

const inboundSchema = z.object({
  MessageSid: sid,
  From: address,
  To: address,
  Body: z.string().max(16_384).optional(),
  ProfileName: optionalText,
  NumMedia: z.coerce.number().int().min(0).max(20).optional(),
  ButtonPayload: optionalText,
  ButtonText: optionalText,
  ListId: optionalText,
  ListTitle: optionalText,
  Latitude: z.coerce.number().min(-90).max(90).optional(),
  Longitude: z.coerce.number().min(-180).max(180).optional(),
  Address: optionalText,
  Label: optionalText,
});

const statusSchema = z.object({
  MessageSid: sid,
  MessageStatus: z.string().min(1).max(32),
  From: address,
  To: address.optional(),
  ErrorCode: z.coerce.number().int().min(0).optional(),
  ErrorMessage: optionalText,
});

export interface MediaRef {
  url: string;
  contentType: string;
}

export interface InboundWebhook {
  messageSid: string;
  from: string;
  to: string;
  profileName?: string;
  input: CustomerInput;
  /** What goes into Message.body: the text, a button's title, an address, a caption. */
  body: string;
  media: MediaRef[];
  /** Every parameter not mapped above (AccountSid, WaId, anything Twilio adds later). */
  params: Record<string, string | string[]>;
}

export interface StatusWebhook {
  messageSid: string;
  status: string;
  from: string;
  errorCode?: number;
  errorMessage?: string;
}

const MAPPED = new Set(Object.keys(inboundSchema.shape));
const MEDIA_PARAM = /^Media(Url|ContentType)\d+$/;

const emptyToUndefined = (form: TwilioForm): Record<string, string | string[] | undefined> =>
  Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v === '' ? undefined : v]));

function parseWith<T>(schema: z.ZodType<T>, form: TwilioForm): T {
  const result = schema.safeParse(emptyToUndefined(form));
  if (!result.success) throw badRequest(`malformed Twilio webhook: ${describeZodError(result.error)}`);
  return result.data;
}

function mediaOf(form: TwilioForm, count: number): MediaRef[] {
  const media: MediaRef[] = [];
  for (let i = 0; i < count; i += 1) {
    const url = form[`MediaUrl${i}`];
    const contentType = form[`MediaContentType${i}`];
    if (typeof url === 'string' && url) {
      media.push({ url, contentType: typeof contentType === 'string' && contentType ? contentType : 'application/octet-stream' });
    }
  }
  return media;
}

type InboundFields = z.infer<typeof inboundSchema>;

/** Buttons first (a button reply also carries its title in Body), then location, media, text. */
function toCustomerInput(f: InboundFields, media: MediaRef[]): { input: CustomerInput; body: string } {
  if (f.ButtonPayload) {
    const text = f.ButtonText ?? f.Body;
    return { input: { kind: 'button', id: f.ButtonPayload, ...(text ? { text } : {}) }, body: text ?? f.ButtonPayload };
  }
  if (f.ListId) {
    const text = f.ListTitle ?? f.Body;
    return { input: { kind: 'button', id: f.ListId, ...(text ? { text } : {}) }, body: text ?? f.ListId };
  }
  if (f.Latitude !== undefined && f.Longitude !== undefined) {
    const place = f.Address ?? f.Label;
    return {
      input: { kind: 'location', lat: f.Latitude, lng: f.Longitude, ...(place ? { address: place } : {}) },
      body: place ?? `${f.Latitude},${f.Longitude}`,
    };
  }
  if (media.length > 0) return { input: { kind: 'media', mediaType: media[0]!.contentType }, body: f.Body ?? '' };
  return { input: { kind: 'text', text: f.Body ?? '' }, body: f.Body ?? '' };
}

export function parseInbound(form: TwilioForm): InboundWebhook {
  const fields = parseWith(inboundSchema, form);
  const media = mediaOf(form, fields.NumMedia ?? 0);
  const params = Object.fromEntries(Object.entries(form).filter(([key]) => !MAPPED.has(key) && !MEDIA_PARAM.test(key)));
  return {
    messageSid: fields.MessageSid,
    from: fields.From,
    to: fields.To,
    ...(fields.ProfileName ? { profileName: fields.ProfileName } : {}),
    ...toCustomerInput(fields, media),
    media,
    params,
  };
}

export function parseStatus(form: TwilioForm): StatusWebhook {
  const f = parseWith(statusSchema, form);
  return {
    messageSid: f.MessageSid,
    status: f.MessageStatus.toLowerCase(),
    from: f.From,
    ...(f.ErrorCode !== undefined ? { errorCode: f.ErrorCode } : {}),
    ...(f.ErrorMessage ? { errorMessage: f.ErrorMessage } : {}),
  };
}

/** True for a parsed form body (the urlencoded parser leaves `req.body` undefined otherwise). */
export function isForm(body: unknown): body is TwilioForm {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
