// The event bus: live delivery, the audit log, throttling of what anyone can cause, and
// changes made by another process (the CLI) reaching a running hub's stream.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../main/hub/events.ts';
import { Store } from '../../main/hub/store/index.ts';
import type { HubEvent } from '../../shared/admin-contract.ts';
import { newDataDir, removeDataDir } from '../support/data-dir.ts';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = newDataDir('events');
  store = new Store(dir);
});
afterEach(() => {
  store.close();
  removeDataDir(dir);
});

describe('EventBus', () => {
  it('keeps token issuance live-only and audits the rest', () => {
    const bus = new EventBus(store);
    const seen: HubEvent[] = [];
    bus.subscribe((event) => seen.push(event));
    bus.emit({ type: 'token.issued', summary: 'issued' });
    bus.emit({ type: 'client.changed', summary: 'changed' });
    expect(seen.map((event) => event.type)).toEqual(['token.issued', 'client.changed']);
    expect(seen[0]!.id).toBeLessThan(0);
    expect(store.audit.list({ limit: 10 }).items.map((event) => event.type)).toEqual(['client.changed']);
  });

  it('writes at most 30 refusals a minute per source one by one, and the rest as one counted row', () => {
    const bus = new EventBus(store);
    for (let i = 0; i < 100; i += 1) bus.emitThrottled('refused:10.0.0.9', { type: 'grant.refused', summary: `refusal ${i}`, detail: { source: '10.0.0.9' } });
    bus.emitThrottled('refused:10.0.0.8', { type: 'grant.refused', summary: 'another source', detail: {} });
    expect(store.audit.list({ type: 'grant.refused', limit: 500 }).items).toHaveLength(31);
    bus.flushThrottled(true);
    const rows = store.audit.list({ type: 'grant.refused', limit: 500 }).items;
    expect(rows).toHaveLength(32);
    expect(rows[0]!.detail.count).toBe(70);
    expect(rows[0]!.summary).toMatch(/^70 more like this/);
    expect(rows.reduce((sum, row) => sum + (typeof row.detail.count === 'number' ? row.detail.count : 1), 0)).toBe(101);
    // The dashboard's counters saw every one, whether logged one by one or not.
    expect(store.metrics.since(5).reduce((sum, row) => sum + row.refused, 0)).toBe(101);
  });

  it('writes at most the global cap a minute from all sources together; the rest in one counted row', () => {
    const bus = new EventBus(store);
    bus.configure({ perMinute: 40 });
    // 200 sources × 5 refusals: every source under its own throttle, far over the global cap.
    for (let source = 0; source < 200; source += 1) {
      for (let i = 0; i < 5; i += 1) bus.emitThrottled(`refused:10.0.${source}`, { type: 'grant.refused', summary: 'refused', detail: {} });
    }
    expect(store.audit.list({ limit: 500 }).items).toHaveLength(40);
    bus.flushThrottled(true);
    const rows = store.audit.list({ limit: 500 }).items;
    expect(rows).toHaveLength(41);
    expect(rows[0]!.summary).toMatch(/^960 more events in that minute, over the audit log's limit of 40 a minute/);
    expect(rows[0]!.detail).toMatchObject({ count: 960, byType: { 'grant.refused': 960 } });
    expect(store.metrics.since(5).reduce((sum, row) => sum + row.refused, 0)).toBe(1000); // the dashboard saw them all
  });

  it('keeps the audit log under its size cap, oldest first', () => {
    const bus = new EventBus(store);
    for (let i = 0; i < 30; i += 1) bus.emit({ type: 'client.changed', summary: `change ${i}` });
    while (store.audit.purgeOverflow(20, 4) > 0);
    const rows = store.audit.list({ limit: 500 }).items;
    expect(rows).toHaveLength(20);
    expect(rows.at(-1)!.summary).toBe('change 10');
  });

  it('counts issued tokens per minute, durably, whatever becomes of the tokens', () => {
    const bus = new EventBus(store);
    for (let i = 0; i < 7; i += 1) bus.emit({ type: 'token.issued', summary: 'issued' });
    bus.emit({ type: 'token.refreshed', summary: 'refreshed' });
    store.metrics.flush();
    bus.emit({ type: 'token.issued', summary: 'after the flush' });
    expect(store.metrics.since(2).reduce((sum, row) => sum + row.issued, 0)).toBe(9);
    store.close();
    store = new Store(dir);
    expect(store.metrics.since(2).reduce((sum, row) => sum + row.issued, 0)).toBe(9); // flushed on close
  });

  it('streams what another process wrote to the same database', () => {
    const bus = new EventBus(store);
    const seen: string[] = [];
    bus.subscribe((event) => seen.push(event.summary));
    const cli = new Store(dir); // a second connection, as the CLI has
    new EventBus(cli).emit({ type: 'user.changed', summary: 'from the CLI' });
    bus.emit({ type: 'role.changed', summary: 'from the hub' });
    bus.pollForeign();
    bus.pollForeign();
    cli.close();
    expect(seen).toEqual(['from the hub', 'from the CLI']);
  });
});
