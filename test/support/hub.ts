// The one way tests start a hub: createHub on 127.0.0.1 and a free port, with a fresh SQLite file
// in a temp dir; its metadata discovered as an OAuth client would; and what tests do with it —
// admin operations, users, clients, client-credentials tokens, introspection, the database file.
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { createHub, type Hub, type HubOptions } from '../../main/hub/index.ts';
import { openDatabase, type Db } from '../../main/hub/store/db.ts';
import type { ClientKind, GrantName, OperationName, OperationOutput } from '../../shared/admin-contract.ts';
import { newDataDir, removeDataDir } from './data-dir.ts';

/** Data directories too, for tests that keep one of their own beside the hub's (or stop() and remove). */
export { newDataDir, removeDataDir };

/** A client as tests hold it: its id and, for a confidential client, the secret shown once. */
type TestClient = { clientId: string; secret: string | null };

type NewTestClient = {
  name?: string; kind?: ClientKind; grants: GrantName[]; scopes?: string[]; redirectUris?: string[];
  public?: boolean; firstParty?: boolean; accessTokenTtl?: number; refreshTokenTtl?: number;
};

export type TestHub = {
  hub: Hub;
  url: string;
  issuer: string;
  dataDir: string;
  as: oauth.AuthorizationServer;
  /** An admin operation, as the actor "test". */
  run<K extends OperationName>(operation: K, input: unknown): Promise<OperationOutput<K>>;
  addClient(input: NewTestClient): Promise<TestClient>;
  addUser(username: string, password: string, roles: string[]): Promise<{ id: string }>;
  /** A client_credentials token for a confidential client (HTTP Basic), with `scope` if given. */
  clientCredentials(client: TestClient, scope?: string): Promise<oauth.TokenEndpointResponse>;
  /** What the introspection endpoint says of `token`, asked by `client`. */
  introspect(client: TestClient, token: string): Promise<oauth.IntrospectionResponse>;
  /** Works on the hub's SQLite file through a connection of its own (what another process would see). */
  withDatabase<T>(work: (db: Db) => T): T;
  /** Closes the hub and keeps its data directory (see restart). */
  stop(): Promise<void>;
  /** Closes the hub and starts a new one on the same data directory (a new port, so a new issuer). */
  restart(): Promise<TestHub>;
  /** Closes the hub and removes its data directory. */
  cleanup(): Promise<void>;
};

/** oauth4webapi refuses plain HTTP unless told; the test hub is plain HTTP on loopback. */
export const insecure = { [oauth.allowInsecureRequests]: true } as const;

export async function startHub(options: Partial<HubOptions> = {}, dataDir = newDataDir('test')): Promise<TestHub> {
  const hub = await createHub({ dataDir, host: '127.0.0.1', port: 0, ...options });
  const { url, issuer } = await hub.listen();
  const issuerUrl = new URL(issuer);
  const as = await oauth.processDiscoveryResponse(issuerUrl, await oauth.discoveryRequest(issuerUrl, { algorithm: 'oidc', ...insecure }));
  const run: TestHub['run'] = (operation, input) => hub.admin.run(operation, input, 'test');
  const basic = (client: TestClient) => oauth.ClientSecretBasic(client.secret ?? '');
  return {
    hub, url, issuer, dataDir, as, run,
    async addClient(input) {
      const { client, clientSecret } = await run('clients.create', {
        ...input,
        name: input.name ?? 'Test app',
        kind: input.kind ?? (input.public ? 'spa' : 'web'),
        scopes: input.scopes ?? [],
        redirectUris: input.redirectUris ?? [],
      });
      return { clientId: client.clientId, secret: clientSecret };
    },
    async addUser(username, password, roles) {
      const user = await run('users.create', { username, password, roles });
      return { id: user.id };
    },
    async clientCredentials(client, scope) {
      const response = await oauth.clientCredentialsGrantRequest(as, { client_id: client.clientId }, basic(client), new URLSearchParams(scope ? { scope } : {}), insecure);
      return oauth.processClientCredentialsResponse(as, { client_id: client.clientId }, response);
    },
    async introspect(client, token) {
      const response = await oauth.introspectionRequest(as, { client_id: client.clientId }, basic(client), token, insecure);
      return oauth.processIntrospectionResponse(as, { client_id: client.clientId }, response);
    },
    withDatabase(work) {
      const db = openDatabase(dataDir);
      try {
        return work(db);
      } finally {
        db.close();
      }
    },
    stop: () => hub.close(),
    async restart() {
      await hub.close();
      return startHub(options, dataDir);
    },
    async cleanup() {
      await hub.close();
      removeDataDir(dataDir);
    },
  };
}

/** startHub from inside a test: the hub is closed and its data removed when that test ends. */
export async function startHubForTest(options: Partial<HubOptions> = {}): Promise<TestHub> {
  const t = await startHub(options);
  onTestFinished(() => t.cleanup());
  return t;
}

/** The household most hub tests need: a `resident` role (lights:read) and alice (alice-password-1) in it. */
export async function addResidentAlice(t: TestHub): Promise<void> {
  await t.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
  await t.addUser('alice', 'alice-password-1', ['resident']);
}

/**
 * One hub shared by a file's tests: started before them (then `setup`, e.g. addResidentAlice),
 * closed and its data removed after them. The handle is filled in before the first test runs.
 */
export function startHubForFile(setup?: (t: TestHub) => Promise<void>, options: Partial<HubOptions> = {}): TestHub {
  const handle = {} as TestHub;
  beforeAll(async () => {
    const t = await startHub(options);
    await setup?.(t);
    Object.assign(handle, t);
  });
  afterAll(() => handle.cleanup?.()); // not there when the start failed
  return handle;
}
