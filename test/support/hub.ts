// Starts a real hub on 127.0.0.1 with a fresh SQLite file in a temp dir, and cleans up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { createHub, type Hub, type HubOptions } from '../../main/hub/index.ts';
import type { ClientKind, GrantName, OperationName, OperationOutput } from '../../shared/admin-contract.ts';

export type TestHub = {
  hub: Hub;
  url: string;
  issuer: string;
  dataDir: string;
  as: oauth.AuthorizationServer;
  run<K extends OperationName>(operation: K, input: unknown): Promise<OperationOutput<K>>;
  addClient(input: { name?: string; kind?: ClientKind; grants: GrantName[]; scopes?: string[]; redirectUris?: string[]; public?: boolean; firstParty?: boolean; accessTokenTtl?: number; refreshTokenTtl?: number }): Promise<{ clientId: string; secret: string | null }>;
  addUser(username: string, password: string, roles: string[]): Promise<{ id: string }>;
  stop(): Promise<void>;
  restart(): Promise<TestHub>;
};

export const insecure = { [oauth.allowInsecureRequests]: true } as const;

export async function startHub(options: Partial<HubOptions> = {}, dataDir = mkdtempSync(join(tmpdir(), 'lanyard-test-'))): Promise<TestHub> {
  const hub = await createHub({ dataDir, host: '127.0.0.1', port: 0, ...options });
  const { url, issuer } = await hub.listen();
  const issuerUrl = new URL(issuer);
  const as = await oauth.processDiscoveryResponse(issuerUrl, await oauth.discoveryRequest(issuerUrl, { algorithm: 'oidc', ...insecure }));
  const run: TestHub['run'] = (operation, input) => hub.admin.run(operation, input, 'test');
  const self: TestHub = {
    hub, url, issuer, dataDir, as, run,
    async addClient(input) {
      const { client, clientSecret } = await run('clients.create', {
        name: input.name ?? 'Test app',
        kind: input.kind ?? (input.public ? 'spa' : 'web'),
        grants: input.grants,
        scopes: input.scopes ?? [],
        redirectUris: input.redirectUris ?? [],
        public: input.public,
        firstParty: input.firstParty,
        accessTokenTtl: input.accessTokenTtl,
        refreshTokenTtl: input.refreshTokenTtl,
      });
      return { clientId: client.clientId, secret: clientSecret };
    },
    async addUser(username, password, roles) {
      const user = await run('users.create', { username, password, roles });
      return { id: user.id };
    },
    async stop() {
      await hub.close();
    },
    async restart() {
      await hub.close();
      return startHub(options, dataDir);
    },
  };
  return self;
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
