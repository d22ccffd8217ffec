// Admin operations on users' second factors: an administrator removes a user's authenticator
// app, passkeys and recovery codes when they lost them (audited); the user sets new ones up at
// their next sign-in or on their account page.
import { mutation, type AdminDeps, type Handlers } from './app.ts';

export const factorHandlers = (deps: AdminDeps) => {
  const { store } = deps;
  return {
    'users.resetSecondFactors': mutation<'users.resetSecondFactors'>(deps, ({ id }, actor, changes) => {
      const user = store.users.require(id);
      const had = store.factors.reset(user.id);
      const what = [had.totp ? 'authenticator app' : '', had.passkeys ? `${had.passkeys} passkey(s)` : '', had.recoveryCodes ? `${had.recoveryCodes} recovery code(s)` : ''].filter(Boolean).join(', ');
      changes.event({ type: 'user.changed', actor, subject: user.id, summary: `Second factors of ${user.username} reset by ${actor}: ${what || 'there were none'}`, detail: { username: user.username, removed: had } });
      return store.users.get(user.id)!;
    }),
  } satisfies Partial<Handlers>;
};
