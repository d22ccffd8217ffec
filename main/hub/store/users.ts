// Users: unique username, scrypt hash, roles, disabled flag, and for guests an expiry.
import { randomUUID } from 'node:crypto';
import type { User } from '../../../shared/admin-contract.ts';
import { notFound } from '../domain/errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { epoch, iso, type Db } from './db.ts';
import { SECOND_FACTORS_SQL } from './factors.ts';
import { LIVE_ASSIGNMENT } from './roles.ts';

type UserRow = {
  id: string; username: string; password_hash: string; disabled: number;
  created_at: number; updated_at: number; last_login_at: number | null; roles: string; role_expiries: string; totp: number; passkeys: number; expires_at: number | null;
};

// The roles a user holds now (an ended assignment is not one), and when those that end will end.
// Every query built on it binds :now.
const SELECT = `SELECT u.*,
       (SELECT json_group_array(role_name) FROM user_roles WHERE user_id = u.id AND ${LIVE_ASSIGNMENT}) AS roles,
       (SELECT json_group_object(role_name, expires_at) FROM user_roles WHERE user_id = u.id AND expires_at > :now) AS role_expiries,
       ${SECOND_FACTORS_SQL('u.id')} FROM users u`;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    roles: (JSON.parse(row.roles) as string[]).sort(),
    disabled: row.disabled === 1,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    lastLoginAt: iso(row.last_login_at),
    secondFactors: { totp: row.totp > 0, passkeys: row.passkeys },
    expiresAt: iso(row.expires_at),
    roleExpiries: Object.fromEntries(Object.entries(JSON.parse(row.role_expiries) as Record<string, number>).map(([role, at]) => [role, iso(at)!])),
  };
}

/** When an assignment ends, by role name (null: held for good). */
export type RoleExpiries = Record<string, string | null>;

export type Credentials = { id: string; username: string; passwordHash: string; disabled: boolean; expiresAt: string | null };

/** An ISO-8601 time as the column's epoch seconds (null: never). */
const toEpoch = (value: string | null | undefined): number | null => (value ? Math.floor(Date.parse(value) / 1000) : null);

export class UserRepository {
  #db: Db;
  #byId;
  #credentials;
  constructor(db: Db) {
    this.#db = db;
    this.#byId = db.prepare(`${SELECT} WHERE u.id = :id`);
    this.#credentials = db.prepare('SELECT id, username, password_hash, disabled, expires_at FROM users WHERE username = ?');
  }

  list(input: { query?: string | undefined; cursor?: string | undefined; limit: number }): { items: User[]; nextCursor: string | null } {
    const after = decodeCursor(input.cursor, (v): v is string => typeof v === 'string') ?? '';
    const pattern = `%${(input.query ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.#db
      .prepare(`${SELECT} WHERE u.username > :after COLLATE NOCASE AND u.username LIKE :pattern ESCAPE '\\' ORDER BY u.username COLLATE NOCASE LIMIT :limit`)
      .all({ after, pattern, limit: input.limit + 1, now: epoch() }) as UserRow[];
    const more = rows.length > input.limit;
    const items = rows.slice(0, input.limit).map(toUser);
    return { items, nextCursor: more ? encodeCursor(items.at(-1)!.username) : null };
  }

  get(id: string): User | undefined {
    const row = this.#byId.get({ id, now: epoch() }) as UserRow | undefined;
    return row && toUser(row);
  }

  findByUsername(username: string): User | undefined {
    const row = this.#db.prepare(`${SELECT} WHERE u.username = :username`).get({ username, now: epoch() }) as UserRow | undefined;
    return row && toUser(row);
  }

  /** Resolves an id or a username, as operators type either. */
  require(idOrUsername: string, field = 'id'): User {
    const user = this.get(idOrUsername) ?? this.findByUsername(idOrUsername);
    if (!user) throw notFound(`There is no user "${idOrUsername}".`, field);
    return user;
  }

  credentials(username: string): Credentials | undefined {
    const row = this.#credentials.get(username) as { id: string; username: string; password_hash: string; disabled: number; expires_at: number | null } | undefined;
    return row && { id: row.id, username: row.username, passwordHash: row.password_hash, disabled: row.disabled === 1, expiresAt: iso(row.expires_at) };
  }

  create(input: { username: string; passwordHash: string; roles: string[]; roleExpiries?: RoleExpiries | undefined; expiresAt?: string | null | undefined }): User {
    const id = randomUUID();
    const now = epoch();
    this.#db
      .prepare('INSERT INTO users (id, username, password_hash, disabled, created_at, updated_at, expires_at) VALUES (?, ?, ?, 0, ?, ?, ?)')
      .run(id, input.username, input.passwordHash, now, now, toEpoch(input.expiresAt));
    this.#setRoles(id, input.roles);
    if (input.roleExpiries) this.#setRoleExpiries(id, input.roleExpiries);
    return this.get(id)!;
  }

  update(id: string, patch: { roles?: string[] | undefined; roleExpiries?: RoleExpiries | undefined; disabled?: boolean | undefined; expiresAt?: string | null | undefined }): User {
    const user = this.require(id);
    if (patch.roles !== undefined) this.#setRoles(user.id, patch.roles);
    if (patch.roleExpiries !== undefined) this.#setRoleExpiries(user.id, patch.roleExpiries);
    if (patch.disabled !== undefined) this.#db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(patch.disabled ? 1 : 0, user.id);
    if (patch.expiresAt !== undefined) this.#db.prepare('UPDATE users SET expires_at = ? WHERE id = ?').run(toEpoch(patch.expiresAt), user.id);
    this.#db.prepare('UPDATE users SET updated_at = ? WHERE id = ?').run(epoch(), user.id);
    return this.get(user.id)!;
  }

  setPasswordHash(id: string, passwordHash: string): User {
    const user = this.require(id);
    this.#db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(passwordHash, epoch(), user.id);
    return this.get(user.id)!;
  }

  delete(id: string): User {
    const user = this.require(id);
    this.#db.prepare('DELETE FROM users WHERE id = ?').run(user.id);
    return user;
  }

  touchLogin(id: string): void {
    this.#db.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(epoch(), id);
  }

  count(): number {
    return this.#db.prepare('SELECT count(*) FROM users').pluck().get() as number;
  }

  /**
   * Users whose account ends within `withinSeconds` (or has ended), or who hold a role that ends
   * within it, soonest first: the dashboard's upcoming expiries.
   */
  expiring(withinSeconds: number, limit: number): User[] {
    const sql = `${SELECT}
      WHERE (u.expires_at IS NOT NULL AND u.expires_at <= :until)
         OR EXISTS (SELECT 1 FROM user_roles WHERE user_id = u.id AND expires_at > :now AND expires_at <= :until)
      ORDER BY min(coalesce(u.expires_at, :until), coalesce((SELECT min(expires_at) FROM user_roles WHERE user_id = u.id AND expires_at > :now), :until)) LIMIT :limit`;
    const now = epoch();
    return (this.#db.prepare(sql).all({ now, until: now + withinSeconds, limit }) as UserRow[]).map(toUser);
  }

  /** Enabled users holding `role` for good (neither the account nor the assignment expires), not counting `exceptUserId`. */
  countEnabledWithRole(role: string, exceptUserId = ''): number {
    return this.#db
      .prepare('SELECT count(*) FROM user_roles ur JOIN users u ON u.id = ur.user_id WHERE ur.role_name = ? AND ur.expires_at IS NULL AND u.disabled = 0 AND u.expires_at IS NULL AND u.id <> ?')
      .pluck()
      .get(role, exceptUserId) as number;
  }

  /**
   * Makes `roles` the user's roles. An assignment kept keeps its expiry; one that had ended and is
   * given again is held for good (unless #setRoleExpiries says otherwise).
   */
  #setRoles(id: string, roles: string[]): void {
    this.#db
      .prepare('DELETE FROM user_roles WHERE user_id = ? AND (role_name NOT IN (SELECT value FROM json_each(?)) OR expires_at <= ?)')
      .run(id, JSON.stringify(roles), epoch());
    const insert = this.#db.prepare('INSERT INTO user_roles (user_id, role_name) VALUES (?, (SELECT name FROM roles WHERE name = ?)) ON CONFLICT DO NOTHING');
    for (const role of new Set(roles)) insert.run(id, role);
  }

  /** Sets when each named assignment ends (null: held for good); roles the user does not hold are not given. */
  #setRoleExpiries(id: string, expiries: RoleExpiries): void {
    const update = this.#db.prepare('UPDATE user_roles SET expires_at = ? WHERE user_id = ? AND role_name = ?');
    for (const [role, at] of Object.entries(expiries)) update.run(toEpoch(at), id, role);
  }
}
