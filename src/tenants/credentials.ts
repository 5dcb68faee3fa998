// Tenants' secrets at rest (Twilio auth tokens; outgoing-webhook secrets when they land): AES-256-GCM
// with a 12-byte IV, an explicit 16-byte tag, the tenant id as associated data (a ciphertext copied
// to another tenant does not decrypt) and the id of the key on every ciphertext, so the key can be
// rotated without downtime: CREDENTIALS_KEY encrypts, CREDENTIALS_KEY_PREVIOUS still decrypts, and
// `npm run ops -- rotate-credentials-key` re-encrypts everything under the current key.
//   "v2:<key id>:<iv b64>:<tag b64>:<ciphertext b64>"   key id: first 8 hex of SHA-256(key)
// The first format, "v1:<iv>:<tag>:<ciphertext>" (no key id, no associated data), still decrypts
// and counts as the previous key's (the current key is tried too, for a deploy without rotation).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config';

export interface CredentialKeys {
  /** Base64 of 32 bytes: encrypts and decrypts. */
  current: string;
  /** The key before the last rotation: decrypts only. */
  previous?: string;
}

/** A plain key means that key alone. */
type Keys = CredentialKeys | string;

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const credentialKeysOf = (config: Pick<Config, 'CREDENTIALS_KEY' | 'CREDENTIALS_KEY_PREVIOUS'>): CredentialKeys => ({
  current: config.CREDENTIALS_KEY,
  previous: config.CREDENTIALS_KEY_PREVIOUS,
});

const keysOf = (keys: Keys): CredentialKeys => (typeof keys === 'string' ? { current: keys } : keys);
const bytesOf = (keyBase64: string) => Buffer.from(keyBase64, 'base64');

/** Names a key without revealing it. */
export const keyIdOf = (keyBase64: string) => createHash('sha256').update(bytesOf(keyBase64)).digest('hex').slice(0, 8);

export class CredentialError extends Error {}

export function encryptSecret(plain: string, keys: Keys, tenantId: string): string {
  const { current } = keysOf(keys);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, bytesOf(current), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(tenantId, 'utf8'));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v2', keyIdOf(current), iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
}

function open(keyBase64: string, iv: string, tag: string, data: string, aad: string | undefined): string {
  const tagBytes = Buffer.from(tag, 'base64');
  if (tagBytes.length !== TAG_BYTES) throw new CredentialError('stored credential has a malformed tag');
  const decipher = createDecipheriv(ALGORITHM, bytesOf(keyBase64), Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new CredentialError('stored credential does not decrypt with its key (wrong key or tampered)');
  }
}

export function decryptSecret(stored: string, keys: Keys, tenantId: string): string {
  const { current, previous } = keysOf(keys);
  const parts = stored.split(':');
  if (parts[0] === 'v2' && parts.length === 5) {
    const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
    const key = [current, previous].find((candidate) => candidate !== undefined && keyIdOf(candidate) === keyId);
    if (!key)
      throw new CredentialError(
        `stored credential is encrypted with key ${keyId}, which is neither CREDENTIALS_KEY nor CREDENTIALS_KEY_PREVIOUS`,
      );
    return open(key, iv, tag, data, tenantId);
  }
  if (parts[0] === 'v1' && parts.length === 4) {
    const [, iv, tag, data] = parts as [string, string, string, string];
    for (const key of [previous, current]) {
      if (key === undefined) continue;
      try {
        return open(key, iv, tag, data, undefined);
      } catch (err) {
        if (!(err instanceof CredentialError)) throw err;
      }
    }
    throw new CredentialError('stored v1 credential decrypts with neither CREDENTIALS_KEY_PREVIOUS nor CREDENTIALS_KEY');
  }
  throw new CredentialError('stored credential is not in the expected encrypted form');
}

/** Whether this ciphertext is already under the current key (nothing for a rotation to do). */
export const isUnderCurrentKey = (stored: string, keys: Keys): boolean => stored.startsWith(`v2:${keyIdOf(keysOf(keys).current)}:`);
