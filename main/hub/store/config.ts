// Whole-table reads for `lanyard export`: every client id, and every user with the password hash
// the export carries when users are included. The repositories answer the rest.
import { epoch, iso, type Db } from './db.ts';

export function allClientIds(db: Db): string[] {
  return db.prepare('SELECT client_id FROM clients ORDER BY client_id').pluck().all() as string[];
}

export type UserExport = { username: string; passwordHash: string; disabled: boolean; expiresAt: string | null; roles: string[]; roleExpiries: Record<string, string> };

export function allUsersWithHashes(db: Db): UserExport[] {
  const rows = db
    .prepare(
      `SELECT u.username, u.password_hash, u.disabled, u.expires_at,
              (SELECT json_group_object(role_name, expires_at) FROM user_roles WHERE user_id = u.id AND (expires_at IS NULL OR expires_at > ?)) AS roles
       FROM users u ORDER BY u.username COLLATE NOCASE`,
    )
    .all(epoch()) as { username: string; password_hash: string; disabled: number; expires_at: number | null; roles: string }[];
  return rows.map((row) => {
    // Only the roles still held: role name → when the assignment ends (null: held for good).
    const held = Object.entries(JSON.parse(row.roles) as Record<string, number | null>);
    return {
      username: row.username,
      passwordHash: row.password_hash,
      disabled: row.disabled === 1,
      expiresAt: iso(row.expires_at),
      roles: held.map(([role]) => role).sort(),
      roleExpiries: Object.fromEntries(held.flatMap(([role, at]) => (at === null ? [] : [[role, iso(at)!]]))),
    };
  });
}
