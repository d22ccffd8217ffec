// Key/value settings: the operator's hub settings and the hub's own keys.
import type { Db } from './db.ts';

export class SettingsRepository {
  #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }
  get<T>(key: string): T | undefined {
    const value = this.#db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }
  set(key: string, value: unknown): void {
    this.#db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
  }
  delete(keys: string[]): void {
    const statement = this.#db.prepare('DELETE FROM settings WHERE key = ?');
    for (const key of keys) statement.run(key);
  }
  /** Returns the stored value, creating it once with `make` (keys, secrets). */
  getOrCreate<T>(key: string, make: () => T): T {
    return this.#db.transaction(() => {
      const existing = this.get<T>(key);
      if (existing !== undefined) return existing;
      const value = make();
      this.set(key, value);
      return value;
    }).immediate();
  }
}
