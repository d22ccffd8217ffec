// Roles: a name, the scopes (permissions) its users hold, and whether applications may give it.
import type { Role } from '../../../shared/admin-contract.ts';
import { notFound } from '../domain/errors.ts';
import { epoch, iso, type Db } from './db.ts';
import type { ScopeRepository } from './scopes.ts';

/** An assignment still held at `:now` (epoch seconds): no expiry, or one still ahead. */
export const LIVE_ASSIGNMENT = '(expires_at IS NULL OR expires_at > :now)';

type RoleRow = { name: string; description: string; builtin: number; assignable: number; created_at: number; updated_at: number; scopes: string; user_count: number };

const SELECT = `SELECT r.name, r.description, r.builtin, r.assignable, r.created_at, r.updated_at,
       (SELECT json_group_array(scope_name) FROM role_scopes WHERE role_name = r.name) AS scopes,
       (SELECT count(*) FROM user_roles WHERE role_name = r.name AND ${LIVE_ASSIGNMENT}) AS user_count
  FROM roles r`;

function toRole(row: RoleRow): Role {
  return {
    name: row.name,
    description: row.description,
    scopes: (JSON.parse(row.scopes) as string[]).sort(),
    builtin: row.builtin === 1,
    assignable: row.assignable === 1,
    userCount: row.user_count,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export type NewRole = { name: string; description: string; scopes: string[]; builtin?: boolean; assignable?: boolean };
export type RolePatch = { description?: string | undefined; scopes?: string[] | undefined; assignable?: boolean | undefined };

export class RoleRepository {
  #db: Db;
  #scopes: ScopeRepository;
  #userScopes;
  constructor(db: Db, scopes: ScopeRepository) {
    this.#db = db;
    this.#scopes = scopes;
    this.#userScopes = db
      .prepare(`SELECT DISTINCT rs.scope_name FROM user_roles ur JOIN role_scopes rs ON rs.role_name = ur.role_name WHERE ur.user_id = :userId AND ${LIVE_ASSIGNMENT}`)
      .pluck();
  }

  list(): Role[] {
    return (this.#db.prepare(`${SELECT} ORDER BY r.builtin DESC, r.name`).all({ now: epoch() }) as RoleRow[]).map(toRole);
  }

  get(name: string): Role | undefined {
    const row = this.#db.prepare(`${SELECT} WHERE r.name = :name`).get({ name, now: epoch() }) as RoleRow | undefined;
    return row && toRole(row);
  }

  require(name: string, field = 'name'): Role {
    const role = this.get(name);
    if (!role) throw notFound(`There is no role named "${name}".`, field);
    return role;
  }

  create(input: NewRole): Role {
    const now = epoch();
    this.#db
      .prepare('INSERT INTO roles (name, description, builtin, assignable, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(input.name, input.description, input.builtin ? 1 : 0, input.assignable ? 1 : 0, now, now);
    this.#setScopes(input.name, input.scopes);
    return this.get(input.name)!;
  }

  update(name: string, patch: RolePatch): Role {
    const role = this.require(name);
    if (patch.description !== undefined) this.#db.prepare('UPDATE roles SET description = ? WHERE name = ?').run(patch.description, role.name);
    if (patch.assignable !== undefined) this.#db.prepare('UPDATE roles SET assignable = ? WHERE name = ?').run(patch.assignable ? 1 : 0, role.name);
    if (patch.scopes !== undefined) this.#setScopes(role.name, patch.scopes);
    this.#db.prepare('UPDATE roles SET updated_at = ? WHERE name = ?').run(epoch(), role.name);
    return this.get(role.name)!;
  }

  /** Deletes the role, and the assignments of it that have ended (inert rows nobody holds). */
  delete(name: string): void {
    this.#db.prepare('DELETE FROM user_roles WHERE role_name = ? AND expires_at <= ?').run(name, epoch());
    this.#db.prepare('DELETE FROM roles WHERE name = ?').run(name);
  }

  /** The union of the scopes of every role the user holds now; read at every use, never cached (an assignment may end any second). */
  scopesForUser(userId: string): Set<string> {
    return new Set(this.#userScopes.all({ userId, now: epoch() }) as string[]);
  }

  #setScopes(role: string, scopes: string[]): void {
    this.#scopes.ensure(scopes);
    this.#db.prepare('DELETE FROM role_scopes WHERE role_name = ?').run(role);
    const insert = this.#db.prepare('INSERT INTO role_scopes (role_name, scope_name) VALUES (?, ?)');
    for (const scope of new Set(scopes)) insert.run(role, scope);
  }
}
