// The audit log: what operators and the hub did, kept in SQLite and paged newest first.
import type { EventType, HubEvent } from '../../../shared/admin-contract.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { epoch, iso, type Db } from './db.ts';

export type NewEvent = Omit<HubEvent, 'id' | 'at'>;
type AuditRow = { id: number; at: number; type: EventType; actor: string | null; client_id: string | null; subject: string | null; summary: string; detail: string };

const toEvent = (row: AuditRow): HubEvent => ({
  id: row.id,
  at: iso(row.at)!,
  type: row.type,
  actor: row.actor,
  clientId: row.client_id,
  subject: row.subject,
  summary: row.summary,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
});

export class AuditRepository {
  #db: Db;
  #insert;
  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare(
      'INSERT INTO audit_events (at, type, actor, client_id, subject, summary, detail) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id, at',
    );
  }

  append(event: NewEvent): HubEvent {
    const { id, at } = this.#insert.get(epoch(), event.type, event.actor, event.clientId, event.subject, event.summary, JSON.stringify(event.detail)) as { id: number; at: number };
    return { ...event, id, at: iso(at)! };
  }

  list(input: { type?: EventType | undefined; clientId?: string | undefined; subject?: string | undefined; cursor?: string | undefined; limit: number }) {
    const before = decodeCursor(input.cursor, (v): v is number => Number.isInteger(v));
    const rows = this.#db
      .prepare(
        `SELECT * FROM audit_events
          WHERE (:type IS NULL OR type = :type) AND (:clientId IS NULL OR client_id = :clientId)
            AND (:subject IS NULL OR subject = :subject) AND (:before IS NULL OR id < :before)
          ORDER BY id DESC LIMIT :limit`,
      )
      .all({ type: input.type ?? null, clientId: input.clientId ?? null, subject: input.subject ?? null, before: before ?? null, limit: input.limit + 1 }) as AuditRow[];
    const more = rows.length > input.limit;
    const items = rows.slice(0, input.limit).map(toEvent);
    return { items, nextCursor: more ? encodeCursor(items.at(-1)!.id) : null };
  }

  /** Rows newer than `afterId`, oldest first: how the hub notices what another process (the CLI) did. */
  since(afterId: number): HubEvent[] {
    return (this.#db.prepare('SELECT * FROM audit_events WHERE id > ? ORDER BY id LIMIT 500').all(afterId) as AuditRow[]).map(toEvent);
  }

  /** Deletes one batch of events older than `days`: the log is kept for a season, not forever. */
  purgeBatch(days: number, batchSize = 2000): number {
    return this.#db
      .prepare('DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE at < ? ORDER BY id LIMIT ?)')
      .run(epoch() - days * 86_400, batchSize).changes;
  }

  /**
   * Deletes one batch of the oldest events beyond the newest `maxRows`: the log's size cap.
   * Ids only grow, so keeping ids above max(id) − maxRows keeps at most maxRows rows.
   */
  purgeOverflow(maxRows: number, batchSize = 2000): number {
    return this.#db
      .prepare('DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE id <= (SELECT coalesce(max(id), 0) FROM audit_events) - ? ORDER BY id LIMIT ?)')
      .run(maxRows, batchSize).changes;
  }

  lastId(): number {
    return (this.#db.prepare('SELECT coalesce(max(id), 0) FROM audit_events').pluck().get() as number);
  }
}
