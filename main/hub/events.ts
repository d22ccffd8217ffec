// The hub's event stream. Operator-relevant events are kept in the audit log; high-volume
// token issuance is streamed live only (the tokens table already records every token).
// Changes made by another process on the same database (the CLI) are picked up from the
// audit log and streamed too, so the console sees them live.
import type { EventType, HubEvent } from '../../shared/admin-contract.ts';
import type { NewEvent } from './store/audit.ts';
import type { Store } from './store/index.ts';

const LIVE_ONLY: ReadonlySet<EventType> = new Set(['token.issued', 'token.refreshed']);
const THROTTLE_PER_MINUTE = 30;
const THROTTLE_KEYS = 10_000;
/** Default of Limits.auditEventsPerMinute, until configure() is called. */
const GLOBAL_PER_MINUTE = 300;

type ThrottleEntry = { window: number; count: number; suppressed: number; sample: EventInput };

export type EventInput = { type: EventType; summary: string; actor?: string | null; clientId?: string | null; subject?: string | null; detail?: Record<string, unknown> };

export class EventBus {
  #store: Store;
  #listeners = new Set<(event: HubEvent) => void>();
  #lastPolledId: number;
  #localIds = new Set<number>();
  #liveId = 0;
  #throttle = new Map<string, ThrottleEntry>();
  #perMinute = GLOBAL_PER_MINUTE;
  #budget = { window: 0, used: 0 };
  #overflow: { count: number; types: Map<EventType, number> } = { count: 0, types: new Map() };
  constructor(store: Store) {
    this.#store = store;
    this.#lastPolledId = store.audit.lastId();
  }

  emit(input: EventInput): HubEvent {
    this.#count(input.type);
    return this.#publish(input);
  }

  /** The dashboard's per-minute counters (store/metrics.ts). */
  #count(type: EventType): void {
    if (type === 'token.issued' || type === 'token.refreshed') this.#store.metrics.count('issued');
    else if (type === 'grant.refused') this.#store.metrics.count('refused');
  }

  #publish(input: EventInput): HubEvent {
    const event: NewEvent = {
      type: input.type,
      summary: input.summary,
      actor: input.actor ?? null,
      clientId: input.clientId ?? null,
      subject: input.subject ?? null,
      detail: input.detail ?? {},
    };
    let stored: HubEvent;
    if (LIVE_ONLY.has(input.type)) {
      this.#liveId -= 1; // live-only events get negative ids: they are not in the audit log
      stored = { ...event, id: this.#liveId, at: new Date().toISOString() };
    } else {
      stored = this.#store.audit.append(event);
      this.#localIds.add(stored.id);
    }
    this.#deliver(stored);
    return stored;
  }

  /** Sets the global cap on rows that requests without credentials may add to the audit log a minute. */
  configure(options: { perMinute: number }): void {
    this.#perMinute = options.perMinute;
  }

  /**
   * Like emit(), for events anyone on the network can cause (refused requests, failed
   * sign-ins). Two caps, so a flood cannot fill the disk: at most `perKey` a minute per key
   * (usually a source address) reach the audit log one by one, the rest of that key counted
   * in one summary row; and at most `configure().perMinute` rows a minute from all keys
   * together (one-by-one and summaries), the rest counted in one row for the minute.
   */
  emitThrottled(key: string, input: EventInput, perKey = THROTTLE_PER_MINUTE): void {
    const window = Math.floor(Date.now() / 60_000);
    let entry = this.#throttle.get(key);
    if (!entry || entry.window !== window) {
      if (entry) this.#summarize(entry);
      if (this.#throttle.size >= THROTTLE_KEYS) this.flushThrottled(true);
      entry = { window, count: 0, suppressed: 0, sample: input };
      this.#throttle.set(key, entry);
    }
    if (entry.count < perKey) {
      entry.count += 1;
      if (this.#takeBudget()) this.emit(input);
      else this.#overflowed(input, 1);
      return;
    }
    entry.suppressed += 1;
    entry.sample = input;
    this.#count(input.type); // not logged one by one, but counted
  }

  /** One row of the minute's global budget, if any is left. */
  #takeBudget(): boolean {
    const window = Math.floor(Date.now() / 60_000);
    if (this.#budget.window !== window) {
      this.#writeOverflow();
      this.#budget = { window, used: 0 };
    }
    if (this.#budget.used >= this.#perMinute) return false;
    this.#budget.used += 1;
    return true;
  }

  /** An event over the global budget: counted for the dashboard and in the minute's overflow row. */
  #overflowed(input: EventInput, count: number): void {
    this.#count(input.type);
    this.#overflow.count += count;
    this.#overflow.types.set(input.type, (this.#overflow.types.get(input.type) ?? 0) + count);
  }

  /** The minute's one row for everything over the global budget. */
  #writeOverflow(): void {
    const { count, types } = this.#overflow;
    if (count === 0) return;
    this.#overflow = { count: 0, types: new Map() };
    const byType = Object.fromEntries(types);
    const type = [...types.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    this.#publish({ type, summary: `${count} more events in that minute, over the audit log's limit of ${this.#perMinute} a minute, not logged one by one: ${Object.entries(byType).map(([name, n]) => `${n} ${name}`).join(', ')}`, detail: { count, byType } });
  }

  /** Writes the summaries of finished minutes (all of them when `everything`). */
  flushThrottled(everything = false): void {
    const window = Math.floor(Date.now() / 60_000);
    for (const [key, entry] of this.#throttle) {
      if (!everything && entry.window === window) continue;
      this.#summarize(entry);
      this.#throttle.delete(key);
    }
    if (everything || this.#budget.window !== window) this.#writeOverflow();
  }

  #summarize(entry: ThrottleEntry): void {
    if (entry.suppressed === 0) return;
    const { sample } = entry;
    const count = entry.suppressed;
    entry.suppressed = 0;
    if (!this.#takeBudget()) {
      this.#overflow.count += count; // already counted for the dashboard when suppressed
      this.#overflow.types.set(sample.type, (this.#overflow.types.get(sample.type) ?? 0) + count);
      return;
    }
    this.#publish({ ...sample, summary: `${count} more like this in that minute, not logged one by one: ${sample.summary}`, detail: { ...sample.detail, count } });
  }

  subscribe(listener: (event: HubEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Streams audit rows written by other processes since the last look. */
  pollForeign(): void {
    this.flushThrottled();
    for (let batch = this.#store.audit.since(this.#lastPolledId); batch.length > 0; batch = this.#store.audit.since(this.#lastPolledId)) {
      for (const event of batch) {
        this.#lastPolledId = event.id;
        if (this.#localIds.delete(event.id)) continue; // already delivered when it happened here
        this.#deliver(event);
      }
    }
  }

  #deliver(event: HubEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber must not break the hub or other subscribers.
      }
    }
  }
}
