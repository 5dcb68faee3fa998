// Secrets at rest (issue 15): AES-256-GCM with a 16-byte tag, the tenant id as associated data and
// a key id on every ciphertext; CREDENTIALS_KEY encrypts, CREDENTIALS_KEY_PREVIOUS still decrypts;
// the first format (v1, no key id) counts as the previous key's.
import { randomBytes } from 'node:crypto';
import { encryptV1 } from '../support/legacy-credentials';
import { CredentialError, decryptSecret, encryptSecret, isUnderCurrentKey, keyIdOf } from '../../src/tenants/credentials';

const newKey = () => randomBytes(32).toString('base64');

const current = newKey();
const previous = newKey();

test('a ciphertext names its key and carries a 16-byte tag; the secret itself is nowhere in it', () => {
  const stored = encryptSecret('twilio-token-123', current, 'tenant-a');
  const [version, keyId, iv, tag] = stored.split(':');
  expect(version).toBe('v2');
  expect(keyId).toBe(keyIdOf(current));
  expect(Buffer.from(iv!, 'base64')).toHaveLength(12);
  expect(Buffer.from(tag!, 'base64')).toHaveLength(16);
  expect(stored).not.toContain('twilio-token-123');
  expect(stored).not.toContain(current);
  expect(decryptSecret(stored, current, 'tenant-a')).toBe('twilio-token-123');
});

test("the tenant id is associated data: another tenant's row cannot use the ciphertext", () => {
  const stored = encryptSecret('secret', current, 'tenant-a');
  expect(() => decryptSecret(stored, current, 'tenant-b')).toThrow(CredentialError);
});

test('a truncated tag or a flipped byte is refused', () => {
  const [v, id, iv, tag, data] = encryptSecret('secret', current, 't').split(':');
  const shortTag = Buffer.from(tag!, 'base64').subarray(0, 8).toString('base64');
  expect(() => decryptSecret([v, id, iv, shortTag, data].join(':'), current, 't')).toThrow(/malformed tag/);
  const flipped = Buffer.from(data!, 'base64');
  flipped[0]! ^= 1;
  expect(() => decryptSecret([v, id, iv, tag, flipped.toString('base64')].join(':'), current, 't')).toThrow(CredentialError);
});

test('CREDENTIALS_KEY encrypts; CREDENTIALS_KEY_PREVIOUS still decrypts; an unknown key id is named in the error', () => {
  const keys = { current, previous };
  const old = encryptSecret('rotating', previous, 't');
  expect(decryptSecret(old, keys, 't')).toBe('rotating');
  expect(isUnderCurrentKey(old, keys)).toBe(false);
  const fresh = encryptSecret('rotating', keys, 't');
  expect(fresh.split(':')[1]).toBe(keyIdOf(current));
  expect(isUnderCurrentKey(fresh, keys)).toBe(true);
  expect(() => decryptSecret(old, current, 't')).toThrow(new RegExp(`key ${keyIdOf(previous)}, which is neither`));
});

test("today's v1 ciphertexts decrypt as the previous key's (or the current one's, when the key was not changed)", () => {
  expect(decryptSecret(encryptV1('legacy', previous), { current, previous }, 'any')).toBe('legacy');
  expect(decryptSecret(encryptV1('legacy', current), { current }, 'any')).toBe('legacy');
  expect(() => decryptSecret(encryptV1('legacy', newKey()), { current, previous }, 'any')).toThrow(CredentialError);
  expect(() => decryptSecret('plain-text-token', current, 'any')).toThrow(/expected encrypted form/);
});
