// Admin operations on pairings (zero-touch registration) and the devices they admit. A pairing's
// initial access token is made here, returned once inside the pairing string, and only its hash
// is kept. The issuer and fingerprint come from the running hub, or, for the CLI, from where
// the hub last served (recordServed).
import { randomBytes } from 'node:crypto';
import { formatPairingUri } from '../../../shared/pairing-uri.ts';
import { conflict } from '../domain/errors.ts';
import { REGISTRATION_PATH } from '../oauth/registration.ts';
import { newInitialAccessToken, sha256 } from '../security/secrets.ts';
import { epoch } from '../store/db.ts';
import type { Store } from '../store/index.ts';
import { toPairing } from '../store/pairings.ts';
import { mutation, type AdminDeps, type Handlers } from './app.ts';

const SERVED_KEY = 'served';
type Served = { issuer: string; fingerprint: string | null };

/** The hub records where it serves (and each renewed certificate), so the CLI's pairing strings match it. */
export function recordServed(store: Store, served: Served): void {
  store.settings.set(SERVED_KEY, served);
}

/** Where devices reach the hub: the running hub's own facts, else those it last served with. */
function servedAt(deps: AdminDeps): Served {
  const runtime = deps.runtime();
  if (runtime.tls) return { issuer: runtime.issuer, fingerprint: runtime.tls.fingerprint256 };
  return deps.store.settings.get<Served>(SERVED_KEY) ?? { issuer: runtime.issuer, fingerprint: null };
}

export const pairingHandlers = (deps: AdminDeps) => {
  const { store } = deps;
  return {
    'pairings.list': () => store.pairings.list().map((record) => toPairing(record)),
    'pairings.create': mutation<'pairings.create'>(deps, (input, actor, changes) => {
      const token = newInitialAccessToken();
      store.scopes.ensure(input.scopes);
      const record = store.pairings.create({
        id: randomBytes(8).toString('hex'),
        name: input.name,
        tokenHash: sha256(token),
        grants: [...new Set(input.grants)],
        scopes: [...new Set(input.scopes)],
        usesAllowed: input.uses,
        requiresApproval: input.requiresApproval,
        expiresAt: epoch() + input.expiresInSeconds,
        createdBy: actor,
      });
      const pairing = toPairing(record);
      const { issuer, fingerprint } = servedAt(deps);
      changes.event({ type: 'pairing.changed', actor, summary: `Pairing ${pairing.name} created: ${pairing.usesAllowed} device(s) until ${pairing.expiresAt}`, detail: { pairing: pairing.id, grants: pairing.grants, scopes: pairing.scopes, requiresApproval: pairing.requiresApproval } });
      return { pairing, initialAccessToken: token, registrationEndpoint: `${issuer}${REGISTRATION_PATH}`, issuer, fingerprint, pairingUri: formatPairingUri({ issuer, fingerprint, token }) };
    }),
    'pairings.revoke': mutation<'pairings.revoke'>(deps, ({ id }, actor, changes) => {
      const before = store.pairings.require(id);
      const pairing = toPairing(store.pairings.revoke(id));
      if (before.revokedAt === null) changes.event({ type: 'pairing.changed', actor, summary: `Pairing ${pairing.name} revoked`, detail: { pairing: pairing.id } });
      return pairing;
    }),
    'clients.approve': mutation<'clients.approve'>(deps, ({ clientId }, actor, changes) => {
      const record = store.clients.require(clientId);
      if (!record.pendingApproval) throw conflict(`${record.name} is not waiting for approval.`, 'clientId');
      const approved = store.clients.update(clientId, { pendingApproval: false });
      changes.event({ type: 'client.changed', actor, clientId, summary: `Device ${record.name} approved: it may now get tokens`, detail: { pairing: record.pairingId } });
      return store.clients.toClient(approved);
    }),
  } satisfies Partial<Handlers>;
};
