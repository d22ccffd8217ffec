// For the CLI, which runs no server: an oidc-provider instance on the same database, made only
// to mint personal access tokens through the provider's own models, so a token made by
// `lanyard token create` is exactly like one made in the console. Imported on demand. It opens
// the hub's sealed keys, so it needs the master key the hub uses.
import type { EventBus } from '../events.ts';
import type { MasterKey } from '../security/keyring.ts';
import { createModelCodec } from '../security/model-codec.ts';
import type { Store } from '../store/index.ts';
import { loadKeys } from './keys.ts';
import { personalTokenMinter, type PersonalTokenMinter } from './personal-tokens.ts';
import { createProvider } from './provider.ts';

export function offlineMinter(deps: { store: Store; events: EventBus; issuer: string; masterKey: MasterKey }): PersonalTokenMinter {
  const { store, events, issuer, masterKey } = deps;
  const provider = createProvider({ issuer, urls: [], store, events, keys: loadKeys(store, masterKey), codec: createModelCodec(masterKey), onServerError: () => {} });
  return personalTokenMinter(provider);
}
