// Tenant (RestaurantBot) input, as the admin API accepts it (SPEC §4 Admin).
import { z } from 'zod';

const weekday = z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const openingHoursInput = z.partialRecord(weekday, z.array(z.tuple([hhmm, hhmm])).max(6));

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const tenantFields = {
  name: z.string().trim().min(1).max(200),
  restaurantName: z.string().trim().min(1).max(200),
  whatsappFrom: z.string().regex(/^whatsapp:\+[1-9]\d{6,14}$/, 'expected whatsapp:+E164, e.g. whatsapp:+966500000000'),
  twilioAccountSid: z.string().regex(/^AC[0-9a-zA-Z]{8,64}$/, 'expected a Twilio Account SID (AC followed by letters and digits)'),
  twilioAuthToken: z.string().min(1).max(200),
  twilioSubaccountSid: z
    .string()
    .regex(/^AC[0-9a-zA-Z]{8,64}$/, 'expected a Twilio Account SID')
    .nullish(),
  supportContact: z.string().trim().max(200).nullish(),
  paymentLink: z.url().max(2000).nullish(),
  maxMessagesPerMin: z.number().int().positive().max(100_000),
  maxMessagesPerDay: z.number().int().positive().max(10_000_000),
  locale: z.enum(['ar', 'en']),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code like SAR'),
  minDeliveryOrder: z.number().int().nonnegative().max(100_000_000),
  deliveryFee: z.number().int().nonnegative().max(100_000_000),
  timeZone: z.string().refine(isTimeZone, 'expected an IANA time zone like Asia/Riyadh'),
  openingHours: openingHoursInput.nullish(),
  interactiveMessages: z.boolean(),
  isActive: z.boolean(),
};

const required = ['name', 'restaurantName', 'whatsappFrom', 'twilioAccountSid', 'twilioAuthToken'] as const;

export const createTenantInput = z
  .object(tenantFields)
  .partial()
  .required(Object.fromEntries(required.map((k) => [k, true])) as { [K in (typeof required)[number]]: true })
  .strict();

export const updateTenantInput = z.object(tenantFields).partial().strict();

export type CreateTenantInput = z.infer<typeof createTenantInput>;
export type UpdateTenantInput = z.infer<typeof updateTenantInput>;
