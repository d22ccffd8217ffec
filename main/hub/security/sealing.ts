// Authenticated encryption of small secrets (AES-256-GCM) under keys derived from the master
// key (HKDF-SHA256, one purpose string per use), so a value sealed for one purpose cannot be
// opened as another and a wrong key is detected instead of yielding garbage.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** What a sealed value looks like in storage: version, IV, tag and ciphertext, base64url. */
const PREFIX = 'sealed:v1:';

/** A 32-byte key for one purpose, derived from the master key. */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `lanyard/${purpose}`, 32));
}

/** Seals `plaintext`; `context` (e.g. the record's name) is authenticated but not stored. */
export function seal(key: Buffer, plaintext: string, context = ''): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${data.toString('base64url')}`;
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(PREFIX);

/** Opens a sealed value; undefined when it was sealed under another key or context, or is damaged. */
export function open(key: Buffer, sealed: string, context = ''): string | undefined {
  if (!isSealed(sealed)) return undefined;
  const [iv, tag, data] = sealed.slice(PREFIX.length).split('.');
  if (iv === undefined || tag === undefined || data === undefined) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** A keyed hash (HMAC-SHA256, base64url): for low-entropy values a plain hash would not hide. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}
