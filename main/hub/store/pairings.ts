// Pairings: an operator's permission for devices to register themselves (RFC 7591). Only the
// SHA-256 of a pairing's initial access token is kept; a use is claimed atomically.
import type { GrantName, Pairing } from '../../../shared/admin-contract.ts';
import { pairingState } from '../domain/pairings.ts';
import { notFound } from '../domain/errors.ts';
import { epoch, iso, type Db } from './db.ts';

type PairingRow = {
  id: string; name: string; token_hash: string; grants: string; scopes: string; uses_allowed: number; uses: number;
  requires_approval: number; expires_at: number; revoked_at: number | null; created_by: string | null; created_at: number;
};

/** What the hub knows of a pairing, in seconds; the contract's Pairing is made from it. */
export type PairingRecord = {
  id: string; name: string; grants: GrantName[]; scopes: string[]; usesAllowed: number; uses: number;
  requiresApproval: boolean; expiresAt: number; revokedAt: number | null; createdAt: number;
};

export type NewPairing = Omit<PairingRecord, 'uses' | 'revokedAt' | 'createdAt'> & { tokenHash: string; createdBy: string };

/** How many pairings the list shows, newest first: old ones only matter through their clients. */
const LIST_LIMIT = 200;

const toRecord = (row: PairingRow): PairingRecord => ({
  id: row.id,
  name: row.name,
  grants: JSON.parse(row.grants) as GrantName[],
  scopes: row.scopes ? row.scopes.split(' ') : [],
  usesAllowed: row.uses_allowed,
  uses: row.uses,
  requiresApproval: row.requires_approval === 1,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  createdAt: row.created_at,
});

export const toPairing = (record: PairingRecord, now = epoch()): Pairing => ({
  id: record.id,
  name: record.name,
  grants: record.grants,
  scopes: record.scopes,
  usesAllowed: record.usesAllowed,
  uses: record.uses,
  requiresApproval: record.requiresApproval,
  expiresAt: iso(record.expiresAt)!,
  revokedAt: iso(record.revokedAt),
  createdAt: iso(record.createdAt)!,
  state: pairingState(record, now),
});

export class PairingRepository {
  #db: Db;
  #byId;
  #byTokenHash;
  #claim;
  constructor(db: Db) {
    this.#db = db;
    this.#byId = db.prepare('SELECT * FROM pairings WHERE id = ?');
    this.#byTokenHash = db.prepare('SELECT * FROM pairings WHERE token_hash = ?');
    this.#claim = db.prepare('UPDATE pairings SET uses = uses + 1 WHERE id = ? AND uses < uses_allowed AND revoked_at IS NULL AND expires_at > ?');
  }

  create(input: NewPairing): PairingRecord {
    this.#db
      .prepare(
        `INSERT INTO pairings (id, name, token_hash, grants, scopes, uses_allowed, requires_approval, expires_at, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.id, input.name, input.tokenHash, JSON.stringify(input.grants), input.scopes.join(' '), input.usesAllowed, input.requiresApproval ? 1 : 0, input.expiresAt, input.createdBy, epoch());
    return this.find(input.id)!;
  }

  find(id: string): PairingRecord | undefined {
    const row = this.#byId.get(id) as PairingRow | undefined;
    return row && toRecord(row);
  }

  require(id: string): PairingRecord {
    const pairing = this.find(id);
    if (!pairing) throw notFound(`There is no pairing "${id}".`, 'id');
    return pairing;
  }

  /** The pairing whose initial access token hashes to `tokenHash`, whatever its state. */
  findByTokenHash(tokenHash: string): PairingRecord | undefined {
    const row = this.#byTokenHash.get(tokenHash) as PairingRow | undefined;
    return row && toRecord(row);
  }

  /** Takes one use if the pairing is still live; false when it is used up, expired or revoked. */
  claimUse(id: string): boolean {
    return this.#claim.run(id, epoch()).changes === 1;
  }

  revoke(id: string): PairingRecord {
    this.#db.prepare('UPDATE pairings SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(epoch(), id);
    return this.require(id);
  }

  /** Newest first; created_at is in whole seconds, so within one the later insert comes first. */
  list(): PairingRecord[] {
    return (this.#db.prepare('SELECT * FROM pairings ORDER BY created_at DESC, rowid DESC LIMIT ?').all(LIST_LIMIT) as PairingRow[]).map(toRecord);
  }
}
