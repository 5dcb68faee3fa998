// `npm run ops -- rotate-credentials-key`: re-encrypts every stored secret under CREDENTIALS_KEY,
// reading it with CREDENTIALS_KEY or CREDENTIALS_KEY_PREVIOUS. Runs while the service serves: every
// copy already decrypts both keys, the plain secret does not change, and each row is written only
// if it still holds the ciphertext that was read (a concurrent PATCH wins). Run it again until it
// reports nothing left; then CREDENTIALS_KEY_PREVIOUS can go.
import type { PrismaClient } from '../db';
import { reencryptSecret, webhookSecrets } from '../webhooks/store';
import { decryptSecret, encryptSecret, isUnderCurrentKey, type CredentialKeys } from './credentials';

export interface RotationReport {
  rotated: number;
  alreadyCurrent: number;
  /** Rows whose secret decrypts with neither key (ids only, never values). */
  unreadable: string[];
}

const BATCH = 200;

/** Every secret column: the restaurants' Twilio auth tokens and their outgoing-webhook secrets. */
export async function rotateCredentialsKey(prisma: PrismaClient, keys: CredentialKeys): Promise<RotationReport> {
  const report: RotationReport = { rotated: 0, alreadyCurrent: 0, unreadable: [] };
  await rotateTwilioTokens(prisma, keys, report);
  await rotateWebhookSecrets(prisma, keys, report);
  return report;
}

/** Webhook secrets, through their store; an unreadable one is reported by its restaurant's id. */
async function rotateWebhookSecrets(prisma: PrismaClient, keys: CredentialKeys, report: RotationReport): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const rows = await webhookSecrets(prisma, after, BATCH);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    for (const row of rows) {
      if (isUnderCurrentKey(row.secret, keys)) {
        report.alreadyCurrent += 1;
        continue;
      }
      try {
        if (await reencryptSecret(prisma, keys, row)) report.rotated += 1;
        else report.alreadyCurrent += 1; // set again meanwhile, under the current key
      } catch {
        report.unreadable.push(`${row.restaurantId} (webhook secret)`);
      }
    }
  }
}

async function rotateTwilioTokens(prisma: PrismaClient, keys: CredentialKeys, report: RotationReport): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const rows = await prisma.restaurantBot.findMany({
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: 'asc' },
      take: BATCH,
      select: { id: true, twilioAuthToken: true },
    });
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    for (const row of rows) {
      if (isUnderCurrentKey(row.twilioAuthToken, keys)) {
        report.alreadyCurrent += 1;
        continue;
      }
      let plain: string;
      try {
        plain = decryptSecret(row.twilioAuthToken, keys, row.id);
      } catch {
        report.unreadable.push(row.id);
        continue;
      }
      const written = await prisma.restaurantBot.updateMany({
        where: { id: row.id, twilioAuthToken: row.twilioAuthToken },
        data: { twilioAuthToken: encryptSecret(plain, keys, row.id) },
      });
      // Not written: changed meanwhile, by a PATCH that encrypted under the current key.
      if (written.count === 1) report.rotated += 1;
      else report.alreadyCurrent += 1;
    }
  }
}
