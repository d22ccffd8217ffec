// Scopes are the permissions operators define; roles and clients refer to them by name.
import type { Scope } from '../../../shared/admin-contract.ts';
import type { Db } from './db.ts';
import { notFound } from '../domain/errors.ts';

export class ScopeRepository {
  #db: Db;
  #ensure;
  constructor(db: Db) {
    this.#db = db;
    this.#ensure = db.prepare('INSERT INTO scopes (name) VALUES (?) ON CONFLICT(name) DO NOTHING');
  }

  /** Makes sure every named scope exists (a role or client may introduce new ones). */
  ensure(names: Iterable<string>): void {
    for (const name of names) this.#ensure.run(name);
  }

  list(): Scope[] {
    const rows = this.#db
      .prepare(
        `SELECT s.name, s.description,
                (SELECT json_group_array(role_name) FROM role_scopes WHERE scope_name = s.name) AS roles,
                (SELECT count(*) FROM clients c WHERE ' ' || c.scopes || ' ' LIKE '% ' || s.name || ' %') AS client_count
           FROM scopes s ORDER BY s.name`,
      )
      .all() as { name: string; description: string; roles: string; client_count: number }[];
    return rows.map((row) => ({
      name: row.name,
      description: row.description,
      roles: (JSON.parse(row.roles) as string[]).sort(),
      clientCount: row.client_count,
    }));
  }

  /** Every scope's name, cheaply (no counts). */
  names(): string[] {
    return this.#db.prepare('SELECT name FROM scopes').pluck().all() as string[];
  }

  get(name: string): Scope | undefined {
    return this.list().find((scope) => scope.name === name);
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
    this.#db
      .prepare('INSERT INTO scopes (name, description) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET description = excluded.description')
      .run(name, description);
    return this.get(name)!;
  }

  delete(name: string): void {
    this.#db.prepare('DELETE FROM scopes WHERE name = ?').run(name);
  }
}
