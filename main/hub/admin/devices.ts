// Admin operations on devices waiting to pair (RFC 8628): list them, and allow one for a user or
// deny it, as that user would in the browser. Deciding needs the running hub's provider.
import { conflict } from '../domain/errors.ts';
import { CODE_VERIFICATION_PATH } from '../oauth/device.ts';
import { formatUserCode } from '../oauth/user-codes.ts';
import { iso } from '../store/db.ts';
import type { AdminDeps, Handlers } from './app.ts';
import { userCodeOpener } from './security.ts';

export const deviceHandlers = (deps: AdminDeps) => {
  const { store } = deps;
  const openUserCode = userCodeOpener(deps);
  return {
    'devices.pending': () => {
      const issuer = deps.runtime().issuer.replace(/\/$/, '');
      return store.devices.pending().map((row) => {
        // Sealed at rest (security/model-codec.ts); only a process with the master key shows it.
        const opened = openUserCode(row.userCode);
        const userCode = opened ? formatUserCode(opened) : '(shown where the hub runs)';
        return {
          clientId: row.clientId,
          clientName: row.clientName,
          userCode,
          scope: row.scope,
          createdAt: iso(row.issuedAt)!,
          expiresAt: iso(row.expiresAt)!,
          verificationUriComplete: `${issuer}${CODE_VERIFICATION_PATH}?user_code=${encodeURIComponent(userCode)}`,
          inProgress: row.inFlight,
        };
      });
    },
    'devices.decide': async (input, actor) => {
      const decide = deps.devices();
      if (!decide) throw conflict('Deciding a device request needs the running hub: use the console, or start the hub with "lanyard serve".', 'userCode');
      const outcome = await decide(input);
      const who = outcome.clientName ?? outcome.clientId;
      if (outcome.decision === 'approve') {
        const user = store.users.findByUsername(outcome.username!);
        deps.events.emit({ type: 'login.succeeded', actor, clientId: outcome.clientId, subject: user?.id ?? null, summary: `Device ${who} (code ${outcome.userCode}) allowed for ${outcome.username} by ${actor}`, detail: { via: 'devices.decide', userCode: outcome.userCode, scope: outcome.scope } });
      } else {
        deps.events.emit({ type: 'grant.refused', actor, clientId: outcome.clientId, summary: `Device ${who} (code ${outcome.userCode}) denied by ${actor}`, detail: { via: 'devices.decide', userCode: outcome.userCode, error: 'access_denied' } });
      }
      return outcome;
    },
  } satisfies Partial<Handlers>;
};
