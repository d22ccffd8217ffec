// Pending device authorization requests (RFC 8628): oidc-provider's DeviceCode rows in
// oidc_models, read for operators. Writing them is the provider's business (oauth/device-decisions.ts).
import { epoch, type Db } from './db.ts';
import { DEVICE_CODE_GRACE } from './oidc-adapter.ts';

export type PendingDeviceRow = {
  clientId: string;
  clientName: string | null;
  /** As stored: sealed (security/model-codec.ts); the admin service opens it. */
  userCode: string;
  scope: string;
  issuedAt: number;
  expiresAt: number;
  inFlight: boolean;
};

type Row = { payload: string; client_name: string | null };
type Payload = { clientId?: string; userCode?: string; params?: { scope?: unknown }; iat?: number; exp?: number; inFlight?: boolean };

/** The operators' list shows at most this many; more than that waiting means something is wrong. */
export const PENDING_LIMIT = 100;

export class DeviceCodeRepository {
  #pending;
  constructor(db: Db) {
    // Undecided, unexpired, not yet redeemed; newest first. Walks oidc_models(model,
    // expires_at) from the newest code down and stops at the limit: device codes share one
    // lifetime, so expiry order is issue order, and rows are kept DEVICE_CODE_GRACE past it.
    this.#pending = db.prepare(
      `SELECT m.payload, (SELECT name FROM clients WHERE client_id = json_extract(m.payload, '$.clientId')) AS client_name
         FROM oidc_models m
        WHERE m.model = 'DeviceCode'
          AND m.expires_at > :horizon
          AND json_extract(m.payload, '$.exp') > :now
          AND m.consumed_at IS NULL
          AND json_extract(m.payload, '$.accountId') IS NULL
          AND json_extract(m.payload, '$.error') IS NULL
        ORDER BY m.expires_at DESC
        LIMIT :limit`,
    );
  }

  pending(limit = PENDING_LIMIT): PendingDeviceRow[] {
    const now = epoch();
    return (this.#pending.all({ horizon: now + DEVICE_CODE_GRACE, now, limit }) as Row[]).map((row) => {
      const payload = JSON.parse(row.payload) as Payload;
      return {
        clientId: payload.clientId ?? '',
        clientName: row.client_name,
        userCode: payload.userCode ?? '',
        scope: typeof payload.params?.scope === 'string' ? payload.params.scope : '',
        issuedAt: payload.iat ?? 0,
        expiresAt: payload.exp ?? 0,
        inFlight: payload.inFlight === true,
      };
    });
  }
}
