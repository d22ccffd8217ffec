// Roles: a name and the scopes (permissions) its users hold.
import { ADMIN_ROLE, type Role } from '../../../shared/admin-contract.ts';
import { epoch, type Db } from './db.ts';
import { conflict, iso, notFound } from './errors.ts';
import type { ScopeRepository } from './scopes.ts';

type RoleRow = { name: string; description: string; builtin: number; created_at: number; updated_at: number; scopes: string; user_count: number };

const SELECT = `SELECT r.name, r.description, r.builtin, r.created_at, r.updated_at,
       (SELECT json_group_array(scope_name) FROM role_scopes WHERE role_name = r.name) AS scopes,
       (SELECT count(*) FROM user_roles WHERE role_name = r.name) AS user_count
  FROM roles r`;

function toRole(row: RoleRow): Role {
  return {
    name: row.name,
    description: row.description,
    scopes: (JSON.parse(row.scopes) as string[]).sort(),
    builtin: row.builtin === 1,
    userCount: row.user_count,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export class RoleRepository {
  #db: Db;
  #scopes: ScopeRepository;
  #userScopes;
  constructor(db: Db, scopes: ScopeRepository) {
    this.#db = db;
    this.#scopes = scopes;
    this.#userScopes = db
      .prepare('SELECT DISTINCT rs.scope_name FROM user_roles ur JOIN role_scopes rs ON rs.role_name = ur.role_name WHERE ur.user_id = ?')
      .pluck();
  }

  list(): Role[] {
    return (this.#db.prepare(`${SELECT} ORDER BY r.builtin DESC, r.name`).all() as RoleRow[]).map(toRole);
  }

  get(name: string): Role | undefined {
    const row = this.#db.prepare(`${SELECT} WHERE r.name = ?`).get(name) as RoleRow | undefined;
    return row && toRole(row);
  }

  require(name: string, field = 'name'): Role {
    const role = this.get(name);
    if (!role) throw notFound(`There is no role named "${name}"; create it first (lanyard role add ${name} --scopes "…").`, field);
    return role;
  }

  create(input: { name: string; description: string; scopes: string[]; builtin?: boolean }): Role {
    if (this.get(input.name)) throw conflict(`A role named "${input.name}" already exists.`, 'name');
    const now = epoch();
    this.#db
      .prepare('INSERT INTO roles (name, description, builtin, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(input.name, input.description, input.builtin ? 1 : 0, now, now);
    this.#setScopes(input.name, input.scopes);
    return this.get(input.name)!;
  }

  update(name: string, patch: { description?: string | undefined; scopes?: string[] | undefined }): Role {
    const role = this.require(name);
    if (patch.description !== undefined) this.#db.prepare('UPDATE roles SET description = ? WHERE name = ?').run(patch.description, role.name);
    if (patch.scopes !== undefined) {
      if (role.name === ADMIN_ROLE && !patch.scopes.includes('lanyard:admin')) {
        throw conflict('The admin role must keep the lanyard:admin scope, or nobody could open the console.', 'scopes');
      }
      this.#setScopes(role.name, patch.scopes);
    }
    this.#db.prepare('UPDATE roles SET updated_at = ? WHERE name = ?').run(epoch(), role.name);
    return this.get(role.name)!;
  }

  delete(name: string): void {
    const role = this.require(name);
    if (role.builtin) throw conflict(`The built-in role "${role.name}" cannot be deleted.`, 'name');
    if (role.userCount > 0) {
      throw conflict(`The role "${role.name}" is held by ${role.userCount} user(s); take it from them first.`, 'name');
    }
    this.#db.prepare('DELETE FROM roles WHERE name = ?').run(role.name);
  }

  /** The union of the scopes of every role the user holds. */
  scopesForUser(userId: string): Set<string> {
    return new Set(this.#userScopes.all(userId) as string[]);
  }

  #setScopes(role: string, scopes: string[]): void {
    this.#scopes.ensure(scopes);
    this.#db.prepare('DELETE FROM role_scopes WHERE role_name = ?').run(role);
    const insert = this.#db.prepare('INSERT INTO role_scopes (role_name, scope_name) VALUES (?, ?)');
    for (const scope of new Set(scopes)) insert.run(role, scope);
  }
}
