// Local Twilio emulator for `npm run dev`: the Twilio fake answers the bot's REST calls, and a small
// chat page plays the customer — it signs webhooks with the tenant's token exactly as Twilio does and
// posts them to the API, then shows the bot's replies as the fake received them.
import { randomBytes } from 'node:crypto';
import { Server } from 'node:http';
import express from 'express';
import twilio from 'twilio';
import { startTwilioFake, TwilioFake } from './fake-server';
import { EMULATOR_PAGE } from './emulator-page';

export interface EmulatedTenant {
  whatsappFrom: string;
  accountSid: string;
  authToken: string;
}

export interface EmulatorOptions {
  twilioPort: number;
  chatPort: number;
  /** Where the API listens (the emulator posts webhooks there). */
  apiUrl: string;
  /** What the API validates signatures against (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  tenant: EmulatedTenant;
}

interface ChatLine {
  direction: 'in' | 'out';
  body: string;
  at: string;
}

export async function startEmulator(options: EmulatorOptions): Promise<{ fake: TwilioFake; chatUrl: string; close(): Promise<void> }> {
  const { tenant } = options;
  const fake = await startTwilioFake({ port: options.twilioPort, accounts: { [tenant.accountSid]: tenant.authToken } });
  const inbound: (ChatLine & { customer: string })[] = [];

  const app = express();
  app.use(express.json({ limit: '16kb' }));
  app.get('/', (_req, res) => {
    res.type('html').send(EMULATOR_PAGE.replace('{{RESTAURANT}}', tenant.whatsappFrom));
  });
  app.post('/send', async (req, res) => {
    const customer = String(req.body.customer ?? 'whatsapp:+966500000001');
    const params: Record<string, string> = {
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      AccountSid: tenant.accountSid,
      From: customer,
      To: tenant.whatsappFrom,
      Body: String(req.body.text ?? ''),
      NumMedia: '0',
      ProfileName: 'Emulator Customer',
    };
    if (req.body.buttonPayload) params.ButtonPayload = String(req.body.buttonPayload);
    if (req.body.latitude !== undefined) {
      params.Latitude = String(req.body.latitude);
      params.Longitude = String(req.body.longitude);
    }
    const signature = twilio.getExpectedTwilioSignature(tenant.authToken, `${options.publicBaseUrl}/whatsapp/webhook`, params);
    const answer = await fetch(`${options.apiUrl}/whatsapp/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    inbound.push({ customer, direction: 'in', body: params.Body || params.ButtonPayload || 'location', at: new Date().toISOString() });
    res.status(answer.ok ? 200 : 502).json({ status: answer.status });
  });
  app.get('/messages', (req, res) => {
    const customer = String(req.query.customer ?? '');
    const outbound: ChatLine[] = fake
      .sentMessages({ to: customer })
      .map((m) => ({ direction: 'out', body: m.body, at: m.dateCreated.toISOString() }));
    const lines = [...inbound.filter((l) => l.customer === customer), ...outbound].sort((a, b) => a.at.localeCompare(b.at));
    res.json(lines);
  });

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(options.chatPort, '127.0.0.1', () => resolve(s));
  });
  return {
    fake,
    chatUrl: `http://127.0.0.1:${options.chatPort}/`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
    },
  };
}
