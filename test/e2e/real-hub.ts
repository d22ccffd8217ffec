// A real hub for the console's end-to-end test: test/support/hub.ts (127.0.0.1, SQLite in a
// temp dir) with an admin account, serving a console build from `consoleDir`.
import * as oauth from 'oauth4webapi';
import { insecure, removeDataDir, startHub, type TestHub as SupportHub } from '../support/hub.ts';

/** What the console e2e test needs from the hub. */
export type TestHub = {
  /** Base URL of the hub, e.g. http://127.0.0.1:54321 (the console is at `${url}/console/`). */
  url: string;
  issuer: string;
  /** An account holding the admin role, able to sign in on the hub's login page. */
  adminUsername: string;
  adminPassword: string;
  /** The hub itself, for direct admin operations and its discovery document. */
  hub: SupportHub;
  /** Creates a `service` client and returns a way to get client_credentials tokens for it. */
  createClientCredentialsClient(name?: string): Promise<ClientCredentialsClient>;
  /** Asks the hub's introspection endpoint about a token, authenticated as `client`. */
  introspect(client: { clientId: string; clientSecret: string }, token: string): Promise<oauth.IntrospectionResponse>;
  stop(): Promise<void>;
};

export type ClientCredentialsClient = { clientId: string; clientSecret: string; requestToken(): Promise<{ access_token: string }> };

export async function startTestHub(options: { consoleDir?: string } = {}): Promise<TestHub> {
  const hub = await startHub(options.consoleDir ? { consoleDir: options.consoleDir } : {});
  const adminUsername = 'e2e-admin';
  const adminPassword = 'e2e-admin-password';
  await hub.run('users.create', { username: adminUsername, password: adminPassword, roles: ['admin'] });
  const clientCredentials = async (clientId: string, clientSecret: string) => {
    const response = await oauth.clientCredentialsGrantRequest(hub.as, { client_id: clientId }, oauth.ClientSecretBasic(clientSecret), new URLSearchParams(), insecure);
    return oauth.processClientCredentialsResponse(hub.as, { client_id: clientId }, response);
  };
  return {
    url: hub.url,
    issuer: hub.issuer,
    adminUsername,
    adminPassword,
    hub,
    async createClientCredentialsClient(name = 'E2E sensor') {
      const { clientId, secret } = await hub.addClient({ name, kind: 'service', grants: ['client_credentials'] });
      const clientSecret = secret!;
      return { clientId, clientSecret, requestToken: () => clientCredentials(clientId, clientSecret) };
    },
    async introspect(client, token) {
      const response = await oauth.introspectionRequest(hub.as, { client_id: client.clientId }, oauth.ClientSecretBasic(client.clientSecret), token, insecure);
      return oauth.processIntrospectionResponse(hub.as, { client_id: client.clientId }, response);
    },
    async stop() {
      await hub.stop();
      removeDataDir(hub.dataDir);
    },
  };
}
