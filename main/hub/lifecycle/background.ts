// The hub's background work: jobs on a timer whose failures are logged, never thrown, all stopped
// together at close; and the purge of expired rows in small batches between requests.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import { epoch } from '../store/db.ts';
import type { Store } from '../store/index.ts';

/** Small batches: each one holds the hub for ~25 ms at most, even at a million rows. */
const PURGE_BATCH = 250;
/** How long the audit log keeps events. */
const AUDIT_DAYS = 90;
/** Grants expiring within this many seconds are extended while their tokens live (a day: survives the hub being off for most of one). */
const GRANT_HORIZON = 24 * 3600;

export type Jobs = {
  /** Runs `work` every `ms` (unref'd); a failure is logged and the job carries on. */
  every(ms: number, work: () => unknown): void;
  /** Something else to stop at close (an idle-memory watch, a certificate renewal). */
  add(stoppable: { stop(): void }): void;
  stop(): void;
};

export function createJobs(logger: Logger): Jobs {
  const timers: { stop(): void }[] = [];
  const failed = (error: unknown) => logger.warn({ err: error }, 'background task failed');
  return {
    every(ms, work) {
      const timer = setInterval(() => {
        try {
          const result = work();
          if (result instanceof Promise) result.catch(failed);
        } catch (error) {
          failed(error);
        }
      }, ms);
      timer.unref();
      timers.push({ stop: () => clearInterval(timer) });
    },
    add(stoppable) {
      timers.push(stoppable);
    },
    stop() {
      for (const timer of timers) timer.stop();
    },
  };
}

/**
 * Deletes expired rows (tokens, old audit events and overflow, metrics, orphaned personal tokens)
 * batch by batch, letting requests in between; extends grants whose tokens still live first.
 */
export async function purgeExpired(store: Store, auditMaxRows: () => number, closed: () => boolean): Promise<number> {
  let removed = 0;
  store.tokens.extendGrants(epoch() + GRANT_HORIZON);
  for (;;) {
    const batch =
      store.tokens.purgeExpiredBatch(PURGE_BATCH) +
      store.audit.purgeBatch(AUDIT_DAYS, PURGE_BATCH) +
      store.audit.purgeOverflow(auditMaxRows(), PURGE_BATCH) +
      store.metrics.purge(AUDIT_DAYS) +
      store.personalTokens.purgeOrphans(PURGE_BATCH);
    removed += batch;
    if (batch === 0 || closed()) return removed;
    await yieldToEventLoop(); // let requests in between batches
  }
}
