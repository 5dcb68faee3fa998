// What the code before key ids wrote for a tenant's secret: "v1:<iv>:<tag>:<ciphertext>", AES-256-GCM
// without associated data — for the tests of the migration path.
import { createCipheriv, randomBytes } from 'node:crypto';

export function encryptV1(plain: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}
