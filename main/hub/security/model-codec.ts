// How oidc-provider's non-token models are kept in the database so that a copy of it grants
// nothing: the ids of sessions, interactions, authorization codes, device codes and
// registration tokens are stored as SHA-256 hashes (like access tokens) and the id is not
// repeated in the payload in clear; the fields that carry such a value inside another record
// (an interaction's session cookie, device code and resume URL) and the device's user code
// are sealed with a key derived from the master key (which fields: oauth/touchpoints.ts, 11).
// User codes are short, so their lookup column holds a keyed hash (HMAC), not a plain one.
import type { AdapterPayload } from 'oidc-provider';
import { SECRET_PAYLOAD_FIELDS } from '../oauth/touchpoints.ts';
import type { MasterKey } from './keyring.ts';
import { isSealed, keyedHash, open, seal } from './sealing.ts';
import { sha256 } from './secrets.ts';

/** Models whose id is a bearer secret (whoever holds it can use the record). */
const HASHED_ID_MODELS: ReadonlySet<string> = new Set([
  'Session',
  'Interaction',
  'AuthorizationCode',
  'DeviceCode',
  'RegistrationAccessToken',
  'InitialAccessToken',
  'PushedAuthorizationRequest',
  'BackchannelAuthenticationRequest',
]);

export interface ModelCodec {
  /** The row key for `id`. */
  rowId(model: string, id: string): string;
  /** The lookup column for a user code. */
  userCodeKey(userCode: string): string;
  /** The payload as stored: without its id, secrets sealed. */
  store(model: string, payload: AdapterPayload): AdapterPayload;
  /** The payload as the provider knows it; undefined when it cannot be opened (another master key). */
  load(model: string, payload: AdapterPayload, known: { id?: string | undefined }): AdapterPayload | undefined;
  /** Opens one sealed user code (for the operators' pending-devices list). */
  openUserCode(stored: unknown): string | undefined;
}

function getPath(payload: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = payload;
  for (const part of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/** Copies the objects along `path` so the provider's own payload object is never changed. */
function setPath(payload: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let target = payload;
  for (const part of path.slice(0, -1)) {
    const next = target[part];
    if (!next || typeof next !== 'object') return;
    target = target[part] = { ...(next as Record<string, unknown>) };
  }
  target[path.at(-1)!] = value;
}

export function createModelCodec(master: MasterKey): ModelCodec {
  const sealKey = master.derive('models');
  const userCodeKey = master.derive('user-codes');
  const context = (model: string, path: readonly string[]) => `${model}.${path.join('.')}`;

  return {
    rowId: (model, id) => (HASHED_ID_MODELS.has(model) ? sha256(id) : id),
    userCodeKey: (userCode) => keyedHash(userCodeKey, userCode),

    store(model, payload) {
      const fields = SECRET_PAYLOAD_FIELDS[model];
      if (!HASHED_ID_MODELS.has(model) && !fields) return payload;
      const stored: Record<string, unknown> = { ...payload };
      if (HASHED_ID_MODELS.has(model) && !fields?.some((path) => path[0] === 'jti')) delete stored.jti;
      for (const path of fields ?? []) {
        const value = getPath(stored, path);
        if (typeof value === 'string') setPath(stored, path, seal(sealKey, value, context(model, path)));
      }
      return stored as AdapterPayload;
    },

    load(model, payload, known) {
      const fields = SECRET_PAYLOAD_FIELDS[model];
      for (const path of fields ?? []) {
        const value = getPath(payload, path);
        if (!isSealed(value)) continue;
        const opened = open(sealKey, value, context(model, path));
        if (opened === undefined) return undefined;
        setPath(payload as Record<string, unknown>, path, opened);
      }
      if (HASHED_ID_MODELS.has(model) && known.id !== undefined) payload.jti = known.id;
      return payload;
    },

    openUserCode: (stored) => (isSealed(stored) ? open(sealKey, stored, context('DeviceCode', ['userCode'])) : undefined),
  };
}

/** Stores everything as given: for tests of the adapter's write queue, never for a hub. */
export const PLAIN_CODEC: ModelCodec = {
  rowId: (_model, id) => id,
  userCodeKey: (userCode) => userCode,
  store: (_model, payload) => payload,
  load: (_model, payload) => payload,
  openUserCode: (stored) => (typeof stored === 'string' ? stored : undefined),
};
