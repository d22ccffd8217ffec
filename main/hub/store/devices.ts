// Pending device authorization requests (RFC 8628): oidc-provider's DeviceCode rows in
// oidc_models, read for operators. Writing them is the provider's business (oauth/device-decisions.ts).
import { epoch, type Db } from './db.ts';

export type PendingDeviceRow = {
  clientId: string;
  clientName: string | null;
  /** As stored: normalized, without the mask's separator. */
  userCode: string;
  scope: string;
  issuedAt: number;
  expiresAt: number;
  inFlight: boolean;
};

type Row = { payload: string; client_name: string | null };
type Payload = { clientId?: string; userCode?: string; params?: { scope?: unknown }; iat?: number; exp?: number; inFlight?: boolean };

export class DeviceCodeRepository {
  #pending;
  constructor(db: Db) {
    // Undecided, unexpired, not yet redeemed; newest first.
    this.#pending = db.prepare(
      `SELECT m.payload, c.name AS client_name
         FROM oidc_models m
         LEFT JOIN clients c ON c.client_id = json_extract(m.payload, '$.clientId')
        WHERE m.model = 'DeviceCode'
          AND m.consumed_at IS NULL
          AND json_extract(m.payload, '$.exp') > ?
          AND json_extract(m.payload, '$.accountId') IS NULL
          AND json_extract(m.payload, '$.error') IS NULL
        ORDER BY json_extract(m.payload, '$.iat') DESC
        LIMIT ?`,
    );
  }

  pending(limit = 500): PendingDeviceRow[] {
    return (this.#pending.all(epoch(), limit) as Row[]).map((row) => {
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
