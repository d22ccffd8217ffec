// For the CLI, which runs no server: an oidc-provider instance on the same database, made only
// to mint personal access tokens through the provider's own models, so a token made by
// `lanyard token create` is exactly like one made in the console. Imported on demand.
import type { EventBus } from '../events.ts';
import type { Store } from '../store/index.ts';
import { loadKeys } from './keys.ts';
import { personalTokenMinter, type PersonalTokenMinter } from './personal-tokens.ts';
import { createProvider } from './provider.ts';

export function offlineMinter(deps: { store: Store; events: EventBus; issuer: string }): PersonalTokenMinter {
  const provider = createProvider({ issuer: deps.issuer, urls: [], store: deps.store, events: deps.events, keys: loadKeys(deps.store), onServerError: () => {} });
  return personalTokenMinter(provider);
}
