// The hub's own secrets: the signing key of ID tokens and the keys of its signed cookies.
// Made once on first start and kept in the database, so restarts keep sessions and tokens valid.
import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import type { Store } from '../store/index.ts';

export type HubKeys = { jwks: { keys: JsonWebKey[] }; cookieKeys: string[]; csrfKey: string };

export function loadKeys(store: Store): HubKeys {
  const signing = store.settings.getOrCreate<JsonWebKey>('keys.signing', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('base64url'), use: 'sig', alg: 'RS256' };
  });
  const cookieKeys = store.settings.getOrCreate<string[]>('keys.cookies', () => [randomBytes(32).toString('base64url')]);
  const csrfKey = store.settings.getOrCreate<string>('keys.csrf', () => randomBytes(32).toString('base64url'));
  return { jwks: { keys: [signing] }, cookieKeys, csrfKey };
}
