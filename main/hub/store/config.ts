// Whole-table reads for `lanyard export`: every client id, and every user with the password hash
// the export carries when users are included. The repositories answer the rest.
import { iso, type Db } from './db.ts';

export function allClientIds(db: Db): string[] {
  return db.prepare('SELECT client_id FROM clients ORDER BY client_id').pluck().all() as string[];
}

export type UserExport = { username: string; passwordHash: string; disabled: boolean; expiresAt: string | null; roles: string[] };

export function allUsersWithHashes(db: Db): UserExport[] {
  const rows = db
    .prepare(`SELECT u.username, u.password_hash, u.disabled, u.expires_at, (SELECT json_group_array(role_name) FROM user_roles WHERE user_id = u.id) AS roles FROM users u ORDER BY u.username COLLATE NOCASE`)
    .all() as { username: string; password_hash: string; disabled: number; expires_at: number | null; roles: string }[];
  return rows.map((row) => ({ username: row.username, passwordHash: row.password_hash, disabled: row.disabled === 1, expiresAt: iso(row.expires_at), roles: (JSON.parse(row.roles) as string[]).sort() }));
}
