// The scopes discovery announces: the provider's own and the operators', merged once and again
// only when either list changes (store/scopes.ts re-reads its names only after a change). It
// used to cost a LIKE scan of every client per scope on every request, unauthenticated.
import type { Store } from '../store/index.ts';

export function scopesAnnouncer(store: Store): (providerScopes: readonly string[]) => string[] {
  let last: { base: string; stored: readonly string[]; merged: readonly string[] } | undefined;
  return (providerScopes) => {
    const stored = store.scopes.names(); // the same array until a scope changes
    const base = providerScopes.join(' ');
    if (last?.stored !== stored || last.base !== base) last = { base, stored, merged: [...new Set([...providerScopes, ...stored])] };
    return [...last.merged];
  };
}
