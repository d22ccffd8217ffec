// The hub's own secrets: the keys that sign ID tokens, the keys of its signed cookies and the
// key of its login forms' CSRF tokens. Made on first start and kept in the database sealed
// with the master key (security/keyring.ts); a database from before sealing is migrated on
// its first start. Rotation puts a new key first and keeps the old ones verifying for as long
// as what they signed can live: the JWKS publishes the old signing key (marked verify-only)
// for a day, and old cookie keys keep current sessions valid for a session's lifetime.
import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { KeyringError, openKeySet, sealKeySet, SEALED_KEYS_SETTING, type MasterKey, type SealedRecord } from '../security/keyring.ts';
import { epoch } from '../store/db.ts';
import type { Store } from '../store/index.ts';

export type HubKeys = { jwks: { keys: JsonWebKey[] }; cookieKeys: string[]; csrfKey: string };

/** A key and, once replaced, when it stops being accepted (unix seconds). */
type Dated<T> = { value: T; createdAt: number; retireAt?: number };
export type KeySet = { signing: Dated<JsonWebKey>[]; cookies: Dated<string>[]; csrf: Dated<string>[] };

/** ID tokens live an hour; a day also covers relying parties that cache the JWKS. */
export const SIGNING_OVERLAP = 24 * 3600;
/** Session cookies were signed with the old key; sessions live 14 days. */
export const COOKIE_OVERLAP = 14 * 24 * 3600;
/** Replaced keys kept at most, newest first, however often keys are rotated. */
const MAX_OLD_KEYS = 4;

/** Where keys lived, in plaintext, before they were sealed. */
const LEGACY_SETTINGS = ['keys.signing', 'keys.cookies', 'keys.csrf'];

function newSigningKey(): JsonWebKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('base64url'), use: 'sig', alg: 'RS256' };
}
const newSecret = (): string => randomBytes(32).toString('base64url');

function freshKeySet(now: number): KeySet {
  return { signing: [{ value: newSigningKey(), createdAt: now }], cookies: [{ value: newSecret(), createdAt: now }], csrf: [{ value: newSecret(), createdAt: now }] };
}

/** A new key first; the current ones retire after `overlap` (earlier retirements stand). */
function rotated<T>(keys: Dated<T>[], next: T, now: number, overlap: number): Dated<T>[] {
  const old = keys.map((key) => ({ ...key, retireAt: Math.min(key.retireAt ?? Infinity, now + overlap) }));
  return [{ value: next, createdAt: now }, ...old.slice(0, MAX_OLD_KEYS)];
}

/** Every key new; the old signing key and cookie keys keep verifying for their overlap. */
function rotateKeySet(set: KeySet, now: number): KeySet {
  return {
    signing: rotated(set.signing, newSigningKey(), now, SIGNING_OVERLAP),
    cookies: rotated(set.cookies, newSecret(), now, COOKIE_OVERLAP),
    // A login form open at rotation time is refused once and shown again with a fresh token.
    csrf: rotated(set.csrf, newSecret(), now, 0),
  };
}

/** Drops retired keys; the same object when nothing retired (so nothing is written). */
export function pruneKeySet(set: KeySet, now: number): KeySet {
  const live = <T>(keys: Dated<T>[]) => keys.filter((key, index) => index === 0 || (key.retireAt ?? Infinity) > now);
  const next = { signing: live(set.signing), cookies: live(set.cookies), csrf: live(set.csrf) };
  return next.signing.length + next.cookies.length + next.csrf.length === set.signing.length + set.cookies.length + set.csrf.length ? set : next;
}

/** What the provider and the login pages use: old signing keys are published for verifying only. */
export function toHubKeys(set: KeySet): HubKeys {
  return {
    jwks: { keys: set.signing.map((key, index) => (index === 0 ? key.value : { ...key.value, key_ops: ['verify'] })) },
    cookieKeys: set.cookies.map((key) => key.value),
    csrfKey: set.csrf[0]!.value,
  };
}

/**
 * A database whose keys are still in plaintext: its signing key keeps verifying for a day
 * behind a new one; cookie and CSRF keys are replaced (sessions end at this upgrade anyway,
 * as their stored ids become hashes), so a backup taken before the upgrade opens nothing.
 */
function migrated(store: Store, now: number): KeySet | undefined {
  const signing = store.settings.get<JsonWebKey>('keys.signing');
  if (!signing) return undefined;
  return { ...freshKeySet(now), signing: rotated([{ value: signing, createdAt: now }], newSigningKey(), now, SIGNING_OVERLAP) };
}

function save(store: Store, master: MasterKey, set: KeySet): void {
  store.settings.set(SEALED_KEYS_SETTING, sealKeySet(master, set));
}

/** The current key set; made (or migrated from plaintext) when the database has none. Writes only when something changed. */
export function loadKeySet(store: Store, master: MasterKey, now = epoch()): KeySet {
  const record = store.settings.get<SealedRecord>(SEALED_KEYS_SETTING);
  if (record) {
    const set = openKeySet<KeySet>(master, record);
    const pruned = pruneKeySet(set, now);
    if (pruned !== set) save(store, master, pruned);
    return pruned;
  }
  let created: KeySet | undefined;
  store.scrubbing(() => {
    if (store.settings.get(SEALED_KEYS_SETTING)) return; // another process got there first
    created = migrated(store, now) ?? freshKeySet(now);
    save(store, master, created);
    store.settings.delete(LEGACY_SETTINGS);
  });
  return created ?? openKeySet<KeySet>(master, store.settings.get<SealedRecord>(SEALED_KEYS_SETTING)!);
}

/** The sealed key set as it is, without making, migrating or pruning anything (a read). */
export function peekKeySet(store: Store, master: MasterKey): KeySet | undefined {
  const record = store.settings.get<SealedRecord>(SEALED_KEYS_SETTING);
  return record && openKeySet<KeySet>(master, record);
}

export function loadKeys(store: Store, master: MasterKey): HubKeys {
  return toHubKeys(loadKeySet(store, master));
}

/** `lanyard keys rotate`: new keys first, old ones verifying for their overlap. */
export function rotateKeys(store: Store, master: MasterKey, now = epoch()): KeySet {
  return store.transaction(() => {
    const record = store.settings.get<SealedRecord>(SEALED_KEYS_SETTING);
    if (!record) throw new KeyringError('This hub has no keys yet: start it once ("lanyard serve") and rotate afterwards.');
    const next = rotateKeySet(openKeySet<KeySet>(master, record), now);
    save(store, master, next);
    return next;
  });
}

/** `lanyard keys reset`: brand-new keys, for a database whose master key is lost. Everyone signs in again. */
export function resetKeys(store: Store, master: MasterKey, now = epoch()): KeySet {
  const next = freshKeySet(now);
  store.scrubbing(() => {
    save(store, master, next);
    store.settings.delete(LEGACY_SETTINGS);
  });
  return next;
}
