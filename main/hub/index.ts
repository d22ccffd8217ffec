// The hub core's entry: createHub(options) → { listen, close, admin, events }. Plain Node;
// `lanyard serve` and the desktop app's hub process both run exactly this.
import type { HubEvent, Limits } from '../../shared/admin-contract.ts';
import type { AdminService } from './admin/service.ts';
import type { AppliedRestore } from './backup/restore.ts';
import { createJobs, purgeExpired } from './lifecycle/background.ts';
import { closeHub } from './lifecycle/close.ts';
import { listen } from './lifecycle/listen.ts';
import { openHub } from './lifecycle/open.ts';
import type { HubParts, Live } from './lifecycle/parts.ts';
import { createServices } from './lifecycle/services.ts';
import { Lockout } from './oauth/lockout.ts';
import type { TlsCertificate } from './tls/index.ts';
import type { HubOptions } from './options.ts';

export { defaultDataDir, resolveDataDir } from './options.ts';
export type { HubOptions, HubStartOptions, TlsOption } from './options.ts';

export type Hub = {
  readonly dataDir: string;
  /** Known once listen() resolved. */
  readonly issuer: string;
  readonly url: string;
  readonly certificate: TlsCertificate | undefined;
  admin: AdminService;
  events: { subscribe(listener: (event: HubEvent) => void): () => void };
  listen(): Promise<{ url: string; issuer: string }>;
  close(): Promise<void>;
  /** Deletes expired rows now; the hub also does it every minute. */
  purgeExpired(): Promise<number>;
  /** The restore this start swapped in, if any. */
  readonly restored: AppliedRestore | undefined;
};

/**
 * Opens the hub's data and services (lifecycle/open.ts, services.ts); listen() puts it on the
 * network (lifecycle/listen.ts) and close() stops it (lifecycle/close.ts).
 */
export async function createHub(options: HubOptions): Promise<Hub> {
  const opened = await openHub(options);
  const { admin, backups } = createServices(options, opened, () => live, (username) => lockout.unlock(username));
  const readLimits = (): Limits => ({ ...admin.settings().limits, ...options.limits });
  const live: Live = { issuer: '', url: '', urls: [], warnings: [], certificate: undefined, limits: readLimits(), closed: false };
  const lockout = new Lockout(live.limits);
  opened.events.configure({ perMinute: live.limits.auditEventsPerMinute });
  const purge = () => purgeExpired(opened.store, () => live.limits.auditMaxRows, () => live.closed);
  const parts: HubParts = { options, opened, admin, backups, lockout, jobs: createJobs(opened.logger), live, readLimits, purgeExpired: purge };
  return {
    dataDir: options.dataDir,
    get issuer() { return live.issuer; },
    get url() { return live.url; },
    get certificate() { return live.certificate; },
    admin,
    events: opened.events,
    listen: () => listen(parts),
    close: () => closeHub(parts),
    purgeExpired: purge,
    restored: opened.restored,
  };
}
