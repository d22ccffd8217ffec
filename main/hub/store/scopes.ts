// Scopes are the permissions operators define; roles and clients refer to them by name.
import type { Scope } from '../../../shared/admin-contract.ts';
import type { Db } from './db.ts';
import { notFound } from '../domain/errors.ts';

export class ScopeRepository {
  #db: Db;
  #ensure;
  #dataVersion;
  #names: { version: number; names: readonly string[] } | undefined;
  constructor(db: Db) {
    this.#db = db;
    this.#ensure = db.prepare('INSERT INTO scopes (name) VALUES (?) ON CONFLICT(name) DO NOTHING');
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /** Makes sure every named scope exists (a role or client may introduce new ones). */
  ensure(names: Iterable<string>): void {
    for (const name of names) if (this.#ensure.run(name).changes > 0) this.#names = undefined;
  }

  /**
   * Every scope's name, sorted: what discovery announces on every request, so it is read
   * once and again only after a change (this repository's own writes, or another
   * connection's commit, which moves SQLite's data_version).
   */
  names(): readonly string[] {
    const version = this.#dataVersion.get() as number;
    if (this.#names?.version !== version) {
      this.#names = { version, names: Object.freeze(this.#db.prepare('SELECT name FROM scopes ORDER BY name').pluck().all() as string[]) };
    }
    return this.#names.names;
  }

  /** Every scope with its roles and how many clients may ask for it: one pass over clients, however many scopes. */
  list(): Scope[] {
    const rows = this.#db
      .prepare(
        `SELECT s.name, s.description, (SELECT json_group_array(role_name) FROM role_scopes WHERE scope_name = s.name) AS roles
           FROM scopes s ORDER BY s.name`,
      )
      .all() as { name: string; description: string; roles: string }[];
    const clientCounts = new Map<string, number>();
    for (const scopes of this.#db.prepare('SELECT scopes FROM clients').pluck().iterate() as Iterable<string>) {
      for (const name of new Set(scopes.split(' '))) if (name) clientCounts.set(name, (clientCounts.get(name) ?? 0) + 1);
    }
    return rows.map((row) => ({
      name: row.name,
      description: row.description,
      roles: (JSON.parse(row.roles) as string[]).sort(),
      clientCount: clientCounts.get(row.name) ?? 0,
    }));
  }

  get(name: string): Scope | undefined {
    const row = this.#db
      .prepare(
        `SELECT s.name, s.description,
                (SELECT json_group_array(role_name) FROM role_scopes WHERE scope_name = s.name) AS roles,
                (SELECT count(*) FROM clients c WHERE ' ' || c.scopes || ' ' LIKE '% ' || s.name || ' %') AS client_count
           FROM scopes s WHERE s.name = ?`,
      )
      .get(name) as { name: string; description: string; roles: string; client_count: number } | undefined;
    return row && { name: row.name, description: row.description, roles: (JSON.parse(row.roles) as string[]).sort(), clientCount: row.client_count };
  }

  require(name: string): Scope {
    const scope = this.get(name);
    if (!scope) throw notFound(`There is no scope named "${name}".`, 'name');
    return scope;
  }

  descriptions(names: string[]): Map<string, string> {
    const map = new Map<string, string>();
    const statement = this.#db.prepare('SELECT description FROM scopes WHERE name = ?').pluck();
    for (const name of names) map.set(name, (statement.get(name) as string | undefined) ?? '');
    return map;
  }

  upsert(name: string, description: string): Scope {
    this.#names = undefined;
    this.#db
      .prepare('INSERT INTO scopes (name, description) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET description = excluded.description')
      .run(name, description);
    return this.get(name)!;
  }

  delete(name: string): void {
    this.#names = undefined;
    this.#db.prepare('DELETE FROM scopes WHERE name = ?').run(name);
  }
}
