// The hub's event stream. Operator-relevant events are kept in the audit log; high-volume
// token issuance is streamed live only (the tokens table already records every token).
// Changes made by another process on the same database (the CLI) are picked up from the
// audit log and streamed too, so the console sees them live.
import type { EventType, HubEvent } from '../../shared/admin-contract.ts';
import type { NewEvent } from './store/audit.ts';
import type { Store } from './store/index.ts';

const LIVE_ONLY: ReadonlySet<EventType> = new Set(['token.issued', 'token.refreshed']);

export type EventInput = { type: EventType; summary: string; actor?: string | null; clientId?: string | null; subject?: string | null; detail?: Record<string, unknown> };

export class EventBus {
  #store: Store;
  #listeners = new Set<(event: HubEvent) => void>();
  #lastPolledId: number;
  #localIds = new Set<number>();
  #liveId = 0;
  constructor(store: Store) {
    this.#store = store;
    this.#lastPolledId = store.audit.lastId();
  }

  emit(input: EventInput): HubEvent {
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

  subscribe(listener: (event: HubEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Streams audit rows written by other processes since the last look. */
  pollForeign(): void {
    for (const event of this.#store.audit.since(this.#lastPolledId)) {
      this.#lastPolledId = event.id;
      if (this.#localIds.delete(event.id)) continue; // already delivered when it happened here
      this.#deliver(event);
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
