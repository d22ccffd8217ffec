// The console's component tests run against the real admin service, never a stand-in: a temp
// data dir with the hub's own Store, bootstrap and AdminService (what main/hub/admin/open.ts
// builds for the CLI), or a running hub (test/support/hub.ts) when a test needs what only a
// running hub does: device requests, tokens issued over HTTP. Either way the console gets the
// AdminApi it gets in production: calls answered by AdminService.call, live events from the
// hub's EventBus, values copied as a transport would. Every call it makes is recorded, so a test
// can check what it asked for. Cleanup is registered with the running test.
import { mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { AdminApi, AdminResult, HubEvent, OperationInput, OperationName, OperationOutput, TokenType } from '../../shared/admin-contract.ts';
import { AdminService, type Runtime } from '../../main/hub/admin/service.ts';
import { masterKeyCustody } from '../../main/hub/backup/key-custody.ts';
import { BackupService } from '../../main/hub/backup/service.ts';
import { bootstrap } from '../../main/hub/bootstrap.ts';
import { EventBus } from '../../main/hub/events.ts';
import { Store } from '../../main/hub/store/index.ts';
import { adapterFactory } from '../../main/hub/store/oidc-adapter.ts';
import { TOKEN_MODELS, type TokenModel } from '../../main/hub/store/tokens.ts';
import { VERSION } from '../../main/hub/version.ts';
import { removeDataDir, startHub, type TestHub } from './hub.ts';

type Call = { operation: OperationName; input: unknown; result: AdminResult<unknown> };

/** The AdminApi the console is given, with a record of what it asked. */
export type RecordingApi = AdminApi & {
  readonly calls: Call[];
  /** The inputs of every call of `operation`, in order. */
  callsOf(operation: OperationName): unknown[];
  /** The value the last successful call of `operation` returned. */
  lastValue<K extends OperationName>(operation: K): OperationOutput<K>;
};

export type ConsoleBackend = {
  api: RecordingApi;
  dataDir: string;
  store: Store;
  /** Runs an operation as someone other than the console (another operator, the CLI): the console learns of it only through live events. */
  run<K extends OperationName>(operation: K, input: OperationInput<K>): Promise<OperationOutput<K>>;
  /**
   * Writes tokens the way oidc-provider does when it issues them (through the hub's oidc adapter),
   * one second apart and ending now, without an event: as if issued before the console opened.
   */
  seedTokens(clientId: string, count: number, fields?: { type?: TokenType; accountId?: string; scope?: string; ttl?: number }): Promise<void>;
};

const ACTOR = 'admin:console-test';
const MODEL_OF: Record<TokenType, TokenModel> = Object.fromEntries(Object.entries(TOKEN_MODELS).map(([model, type]) => [type, model])) as Record<TokenType, TokenModel>;

function recording(call: (operation: OperationName, input: unknown) => Promise<AdminResult<unknown>>, subscribe: AdminApi['subscribe']): RecordingApi {
  const calls: Call[] = [];
  return {
    calls,
    async call<K extends OperationName>(operation: K, input: OperationInput<K>) {
      const sent = structuredClone(input);
      const result = structuredClone(await call(operation, sent));
      calls.push({ operation, input: sent, result });
      return result as AdminResult<OperationOutput<K>>;
    },
    subscribe: (listener: (event: HubEvent) => void) => subscribe((event) => listener(structuredClone(event))),
    callsOf: (operation) => calls.filter((c) => c.operation === operation).map((c) => c.input),
    lastValue<K extends OperationName>(operation: K) {
      const found = calls.findLast((c) => c.operation === operation && c.result.ok);
      if (!found?.result.ok) throw new Error(`the console made no successful ${operation} call`);
      return found.result.value as OperationOutput<K>;
    },
  };
}

function backend(admin: AdminService, events: { subscribe: AdminApi['subscribe'] }, store: Store, dataDir: string): ConsoleBackend {
  const adapters = adapterFactory(store.db, () => undefined);
  return {
    api: recording((operation, input) => admin.call(operation, input, ACTOR), (listener) => events.subscribe(listener)),
    dataDir,
    store,
    run: (operation, input) => admin.run(operation, input, 'cli:test'),
    async seedTokens(clientId, count, fields = {}) {
      const adapter = adapters(MODEL_OF[fields.type ?? 'client_credentials']);
      const now = Math.floor(Date.now() / 1000);
      for (let i = 0; i < count; i += 1) {
        const iat = now - (count - 1 - i);
        const payload = { clientId, iat, scope: fields.scope ?? '', ...(fields.accountId ? { accountId: fields.accountId } : {}) };
        await adapter.upsert(randomBytes(32).toString('base64url'), payload, (fields.ttl ?? 3600) - (now - iat));
      }
    },
  };
}

/** The hub's real backup service on the data dir, without its schedule; a restore it takes asks `restart`. */
export type ConsoleBackups = {
  backups: BackupService;
  /** How many times a restore asked the hub to restart onto the restored data. */
  restartsRequested(): number;
};

/**
 * The admin service on a fresh SQLite file, without a server. `runtime` stands in for what only
 * a running hub knows (its issuer, addresses, warnings, certificate), as the CLI's does; `now`
 * is the backup service's clock (when a backup was taken, how old the last one is).
 */
export function consoleOnStore(runtime: Partial<Runtime> = {}, { now }: { now?: () => Date } = {}): ConsoleBackend & ConsoleBackups {
  const dataDir = mkdtempSync(join(tmpdir(), 'lanyard-console-'));
  const store = new Store(dataDir);
  bootstrap(store);
  const events = new EventBus(store);
  const startedAt = new Date();
  let restarts = 0;
  const backups = new BackupService({
    dataDir,
    custody: masterKeyCustody(),
    settings: () => ({ intervalHours: admin.settings().backupIntervalHours, keep: admin.settings().backupKeep }),
    emit: (event) => events.emit(event),
    restart: () => (restarts += 1),
    ...(now ? { now } : {}),
  });
  const admin: AdminService = new AdminService({
    store,
    events,
    backups,
    runtime: () => ({ issuer: 'http://192.168.1.20:9090', urls: ['http://192.168.1.20:9090', 'http://127.0.0.1:9090'], startedAt, warnings: [], dataDir, version: VERSION, tls: null, ...runtime }),
    logError: (error, operation) => failures.push(new Error(`${operation} failed inside the admin service`, { cause: error })),
  });
  const failures: Error[] = [];
  onTestFinished(async () => {
    await backups.stop();
    store.close();
    removeDataDir(dataDir);
    // An "internal" answer is a bug in the hub, whatever the screen made of it.
    if (failures.length) throw failures[0];
  });
  return { ...backend(admin, events, store, dataDir), backups, restartsRequested: () => restarts };
}

/** A running hub on 127.0.0.1 (SQLite in a temp dir), for what needs one: device requests, tokens issued over HTTP. */
export async function consoleOnHub(): Promise<ConsoleBackend & { hub: TestHub }> {
  const hub = await startHub();
  onTestFinished(async () => {
    await hub.stop();
    removeDataDir(hub.dataDir);
  });
  // A second connection to the hub's database, as the CLI would open, for seeding.
  const store = new Store(hub.dataDir);
  onTestFinished(() => store.close());
  return { ...backend(hub.hub.admin, hub.hub.events, store, hub.dataDir), hub };
}
