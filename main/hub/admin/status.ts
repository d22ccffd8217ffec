// Admin operations that report on the hub: its status and the dashboard's per-minute activity.
import type { Status } from '../../../shared/admin-contract.ts';
import type { AdminDeps, Handlers } from './app.ts';

export const statusHandlers = ({ store, runtime, backups }: AdminDeps) =>
  ({
    'status.get': (): Status => {
      const now = runtime();
      const backup = backups.status();
      return {
        version: now.version,
        issuer: now.issuer,
        urls: now.urls,
        startedAt: now.startedAt.toISOString(),
        uptimeSeconds: Math.round((Date.now() - now.startedAt.getTime()) / 1000),
        counts: { clients: store.clients.count(), users: store.users.count(), roles: store.roles.list().length, liveTokens: store.tokens.count({}) },
        dataDir: now.dataDir,
        warnings: backup.warning ? [...now.warnings, backup.warning] : now.warnings,
        tls: now.tls,
        backups: backup,
      };
    },

    /** One point per minute, oldest first, zero where nothing happened. */
    'metrics.timeline': ({ minutes }) => {
      const counted = new Map(store.metrics.since(minutes).map((row) => [row.minute, row]));
      const last = Math.floor(Date.now() / 60_000) * 60;
      return Array.from({ length: minutes }, (_, index) => {
        const minute = last - (minutes - 1 - index) * 60;
        const row = counted.get(minute);
        return { at: new Date(minute * 1000).toISOString(), issued: row?.issued ?? 0, refused: row?.refused ?? 0 };
      });
    },

    'audit.list': (input) => store.audit.list(input),
  }) satisfies Partial<Handlers>;
