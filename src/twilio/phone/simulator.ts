// The phone simulator's routes, mounted by the API at /phone/api when the local emulator runs:
//   GET  restaurants            every restaurant of the database (no secrets) with location presets
//   POST send                   one customer message → a webhook signed like Twilio's → /whatsapp/webhook
//   GET  events?restaurantId&customer   server-sent events: the chat so far, then every new line
// Bot replies arrive through the Twilio fake's message listener; the simulator then reports them
// `delivered` (and `read` while the chat is open) to /whatsapp/status, signed, as Twilio would.
import { randomBytes } from 'node:crypto';
import express, { Router, type Response as ExpressResponse } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import type { PrismaClient } from '../../db';
import type { CredentialKeys } from '../../tenants/credentials';
import type { FakeMessage, TwilioFake } from '../fake-server';
import { ChatBook, inboundLine, outboundLine, type PhoneLine } from './chat';
import { TenantBook, type SigningTenant } from './tenants';

export interface PhoneSimulatorOptions {
  fake: TwilioFake;
  prisma: PrismaClient;
  /** To decrypt the restaurants' Twilio tokens (CREDENTIALS_KEY, and the previous one after a rotation). */
  credentialKeys: CredentialKeys;
  /** Where the API listens (resolved per call: the API may start after the simulator). */
  apiUrl: () => string;
  /** What the API checks signatures against (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  /** Delay before a reply is reported delivered (and read); 0 in tests is fine. */
  deliveryDelayMs?: number;
}

export interface PhoneSimulator {
  router: Router;
  close(): void;
}

const customerNumber = z
  .string()
  .trim()
  .transform((v) => v.replace(/^whatsapp:/, '').replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected a number like +966500000001'))
  .transform((v) => `whatsapp:${v}`);

const sendBody = z
  .object({
    restaurantId: z.string().min(1),
    customer: customerNumber,
    profileName: z.string().trim().max(60).optional(),
    text: z.string().max(1600).optional(),
    /** A tapped quick-reply button or list row (its id; `text` is its title). */
    buttonId: z.string().max(256).optional(),
    listId: z.string().max(256).optional(),
    location: z
      .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), label: z.string().max(200).optional() })
      .optional(),
    imageUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((b) => b.text?.trim() || b.buttonId || b.listId || b.location || b.imageUrl, { message: 'nothing to send' });

const eventsQuery = z.object({ restaurantId: z.string().min(1), customer: customerNumber });

function webhookParams(tenant: SigningTenant, body: z.infer<typeof sendBody>): Record<string, string> {
  const params: Record<string, string> = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    SmsMessageSid: '',
    AccountSid: tenant.accountSid,
    From: body.customer,
    To: tenant.whatsappFrom,
    Body: body.text ?? '',
    NumMedia: '0',
    ProfileName: body.profileName || 'Phone simulator',
    WaId: body.customer.replace(/^whatsapp:\+/, ''),
  };
  params.SmsMessageSid = params.MessageSid!;
  if (body.buttonId) {
    params.ButtonPayload = body.buttonId;
    params.ButtonText = body.text ?? body.buttonId;
  }
  if (body.listId) {
    params.ListId = body.listId;
    params.ListTitle = body.text ?? body.listId;
  }
  if (body.location) {
    params.Latitude = String(body.location.lat);
    params.Longitude = String(body.location.lng);
    if (body.location.label) params.Address = body.location.label;
  }
  if (body.imageUrl) {
    params.NumMedia = '1';
    params.MediaUrl0 = body.imageUrl;
    params.MediaContentType0 = 'image/jpeg';
  }
  return params;
}

export function createPhoneSimulator(options: PhoneSimulatorOptions): PhoneSimulator {
  const { fake } = options;
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const tenants = new TenantBook(options.prisma, options.credentialKeys, (sid, token) => fake.addAccount(sid, token));
  const chats = new ChatBook();
  const timers = new Set<NodeJS.Timeout>();
  const streams = new Set<ExpressResponse>();
  const later = (ms: number, run: () => Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run().catch(() => undefined);
    }, ms);
    timers.add(timer);
  };

  async function postSigned(tenant: SigningTenant, path: string, params: Record<string, string>): Promise<Response> {
    const signature = twilio.getExpectedTwilioSignature(tenant.authToken, `${base}${path}`, params);
    return fetch(`${options.apiUrl()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
  }

  /** Twilio's status callback for a reply, then the phone's own tick marks. */
  async function report(tenant: SigningTenant, message: FakeMessage, status: 'delivered' | 'read'): Promise<void> {
    const line = chats.find(tenant.id, message.to, message.sid);
    if (line) chats.put(tenant.id, message.to, { ...line, status });
    if (!message.statusCallback) return;
    await postSigned(tenant, '/whatsapp/status', {
      MessageSid: message.sid,
      SmsSid: message.sid,
      AccountSid: message.accountSid,
      From: message.from ?? tenant.whatsappFrom,
      To: message.to,
      MessageStatus: status,
      SmsStatus: status,
      ChannelPrefix: 'whatsapp',
    });
  }

  const delay = options.deliveryDelayMs ?? 400;
  const stopListening = fake.onMessage((message) => {
    const tenant = tenants.byNumber(message.from, message.accountSid);
    if (!tenant) return;
    chats.put(tenant.id, message.to, outboundLine(message));
    later(delay, async () => {
      await report(tenant, message, 'delivered');
      if (chats.watching(tenant.id, message.to)) later(delay, () => report(tenant, message, 'read'));
    });
  });

  // Register every restaurant's account with the fake now, before the first reply is sent.
  tenants.refresh().catch(() => undefined);

  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/restaurants', async (_req, res) => {
    res.json({ data: await tenants.refresh() });
  });

  router.post('/send', async (req, res) => {
    const body = sendBody.parse(req.body);
    const tenant = await tenants.signingTenant(body.restaurantId);
    if (!tenant) {
      res.status(404).json({ error: { code: 'not_found', message: 'no such restaurant (or its token cannot be read)' } });
      return;
    }
    const params = webhookParams(tenant, body);
    const answer = await postSigned(tenant, '/whatsapp/webhook', params);
    if (!answer.ok) {
      res.status(502).json({
        error: { code: 'webhook_refused', message: `the API answered ${answer.status} to the webhook` },
        webhookStatus: answer.status,
      });
      return;
    }
    const line: PhoneLine = inboundLine({
      body: body.text ?? '',
      mediaUrls: body.imageUrl ? [body.imageUrl] : [],
      ...(body.location ? { location: body.location } : {}),
    });
    chats.put(tenant.id, body.customer, line);
    res.status(202).json({ line, webhookStatus: answer.status });
  });

  router.get('/events', (req, res) => {
    const { restaurantId, customer } = eventsQuery.parse(req.query);
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = (line: PhoneLine) => res.write(`event: line\ndata: ${JSON.stringify(line)}\n\n`);
    res.write(`event: history\ndata: ${JSON.stringify(chats.lines(restaurantId, customer))}\n\n`);
    const stop = chats.listen(restaurantId, customer, send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    streams.add(res);
    req.on('close', () => {
      streams.delete(res);
      clearInterval(heartbeat);
      stop();
    });
  });

  return {
    router,
    close() {
      stopListening();
      for (const timer of timers) clearTimeout(timer);
      // Open event streams would otherwise keep the API's server from closing.
      for (const stream of streams) stream.end();
    },
  };
}
