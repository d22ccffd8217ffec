// oidc-provider's adapter over a real Store on a fresh SQLite file, made again for each test and
// closed and removed after it: the set-up of the adapter's contract and group-commit tests.
import { afterEach, beforeEach } from 'vitest';
import { Store } from '../../main/hub/store/index.ts';
import { adapterFactory } from '../../main/hub/store/oidc-adapter.ts';
import { newDataDir, removeDataDir } from './data-dir.ts';

type ClientLookup = Parameters<typeof adapterFactory>[1];

/** The applications the adapter tests' tokens are issued to. */
const TEST_CLIENTS = ['c', 'c1'] as const;
type EachTest = { store: Store; adapter: ReturnType<typeof adapterFactory>; dir: string };

/** Read `store` and `adapter` inside tests: both are new for every test. */
export function adapterForEachTest(clientMetadata: ClientLookup): Readonly<EachTest> {
  const current = {} as EachTest;
  beforeEach(() => {
    current.dir = newDataDir('adapter');
    current.store = new Store(current.dir);
    // The adapter finds a token only while its application exists and is enabled: the tests' tokens belong to these.
    for (const clientId of TEST_CLIENTS) {
      current.store.clients.create({ clientId, name: clientId, kind: 'service', public: false, grants: ['client_credentials'], redirectUris: [], scopes: [], accessTokenTtl: 600, refreshTokenTtl: 600, firstParty: false, secretHash: 'x' });
    }
    current.adapter = adapterFactory(current.store.db, clientMetadata);
  });
  afterEach(() => {
    current.store.close();
    removeDataDir(current.dir);
  });
  return current;
}
