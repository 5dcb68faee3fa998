// `npm run ops -- rotate-credentials-key`: re-encrypts every stored secret under CREDENTIALS_KEY,
// reading it with CREDENTIALS_KEY or CREDENTIALS_KEY_PREVIOUS. Runs while the service serves: every
// copy already decrypts both keys, the plain secret does not change, and each row is written only
// if it still holds the ciphertext that was read (a concurrent PATCH wins). Run it again until it
// reports nothing left; then CREDENTIALS_KEY_PREVIOUS can go.
import type { PrismaClient } from '../db';
import { decryptSecret, encryptSecret, isUnderCurrentKey, type CredentialKeys } from './credentials';

export interface RotationReport {
  rotated: number;
  alreadyCurrent: number;
  /** Rows whose secret decrypts with neither key (ids only, never values). */
  unreadable: string[];
}

const BATCH = 200;

/** Every secret column: the restaurants' Twilio auth tokens (outgoing-webhook secrets join here when they land). */
export async function rotateCredentialsKey(prisma: PrismaClient, keys: CredentialKeys): Promise<RotationReport> {
  const report: RotationReport = { rotated: 0, alreadyCurrent: 0, unreadable: [] };
  let after: string | undefined;
  for (;;) {
    const rows = await prisma.restaurantBot.findMany({
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: 'asc' },
      take: BATCH,
      select: { id: true, twilioAuthToken: true },
    });
    if (rows.length === 0) return report;
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
