// Local Twilio emulator for `npm run dev`: the Twilio fake answers the bot's REST calls (every
// restaurant of the database is registered with it), and the phone simulator (GET /phone on the
// API) plays the customer — it signs webhooks with the restaurant's token exactly as Twilio does
// and shows the bot's replies as the fake receives them.
import type { PrismaClient } from '../db';
import type { CredentialKeys } from '../tenants/credentials';
import { startTwilioFake, TwilioFake } from './fake-server';
import { createPhoneSimulator, PhoneSimulator } from './phone/simulator';

export interface EmulatorOptions {
  twilioPort: number;
  prisma: PrismaClient;
  credentialKeys: CredentialKeys;
  /** Where the API listens (the emulator posts webhooks there). */
  apiUrl: string;
  /** What the API validates signatures against (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
}

export interface RunningEmulator {
  fake: TwilioFake;
  phone: PhoneSimulator;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const fake = await startTwilioFake({ port: options.twilioPort });
  // Locally WhatsApp's reviewers say yes at once, so the window's templates work in `npm run dev`.
  fake.autoApproveTemplates(true);
  const phone = createPhoneSimulator({
    fake,
    prisma: options.prisma,
    credentialKeys: options.credentialKeys,
    apiUrl: () => options.apiUrl,
    publicBaseUrl: options.publicBaseUrl,
  });
  return {
    fake,
    phone,
    async close() {
      phone.close();
      await fake.close();
    },
  };
}
