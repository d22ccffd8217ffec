// Per-minute counts of tokens issued and requests refused. Counted in memory on the hot path
// and written once a minute, so the token path pays no extra write for them.
import { epoch, type Db } from './db.ts';

export type MinuteCounts = { minute: number; issued: number; refused: number };

export class MetricsRepository {
  #db: Db;
  #pending = new Map<number, { issued: number; refused: number }>();
  #add;
  constructor(db: Db) {
    this.#db = db;
    this.#add = db.prepare(
      `INSERT INTO metrics_minutes (minute, issued, refused) VALUES (?, ?, ?)
       ON CONFLICT(minute) DO UPDATE SET issued = issued + excluded.issued, refused = refused + excluded.refused`,
    );
  }

  count(kind: 'issued' | 'refused', n = 1): void {
    const minute = Math.floor(epoch() / 60) * 60;
    let counts = this.#pending.get(minute);
    if (!counts) {
      counts = { issued: 0, refused: 0 };
      this.#pending.set(minute, counts);
    }
    counts[kind] += n;
  }

  /** Writes what was counted in memory. */
  flush(): void {
    if (this.#pending.size === 0) return;
    const pending = [...this.#pending];
    this.#pending.clear();
    this.#db.transaction(() => {
      for (const [minute, counts] of pending) this.#add.run(minute, counts.issued, counts.refused);
    })();
  }

  /** The last `minutes` minutes, written and not yet written alike. */
  since(minutes: number): MinuteCounts[] {
    const from = Math.floor(epoch() / 60) * 60 - (minutes - 1) * 60;
    const rows = new Map(
      (this.#db.prepare('SELECT minute, issued, refused FROM metrics_minutes WHERE minute >= ?').all(from) as MinuteCounts[]).map((row) => [row.minute, { ...row }]),
    );
    for (const [minute, counts] of this.#pending) {
      if (minute < from) continue;
      const row = rows.get(minute) ?? { minute, issued: 0, refused: 0 };
      row.issued += counts.issued;
      row.refused += counts.refused;
      rows.set(minute, row);
    }
    return [...rows.values()].sort((a, b) => a.minute - b.minute);
  }

  /** Keeps a season of minutes. */
  purge(days: number): number {
    return this.#db.prepare('DELETE FROM metrics_minutes WHERE minute < ?').run(epoch() - days * 86_400).changes;
  }
}
