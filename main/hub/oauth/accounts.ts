// Checks a username and password, for the login page and the password grant alike:
// throttled by the lockout, constant work for unknown users, and every outcome audited.
import type { User } from '../../../shared/admin-contract.ts';
import type { EventBus } from '../events.ts';
import { t } from '../i18n/translate.ts';
import { decoyHash, verifyPassword } from '../security/passwords.ts';
import type { Store } from '../store/index.ts';
import { Lockout, sleep } from './lockout.ts';

export type AuthOutcome =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' | 'disabled' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

export type Authenticator = (input: { username: string; password: string; source: string; clientId: string; via: 'login page' | 'password grant' }) => Promise<AuthOutcome>;

export function createAuthenticator(deps: { store: Store; events: EventBus; lockout: Lockout }): Authenticator {
  const { store, events, lockout } = deps;
  // Attempts for one username run one after another: parallel guesses then see each other's
  // failures and the lock holds after `lockAfter` of them (a check before a slow scrypt would
  // otherwise let every guess of a burst through). Different usernames still run in parallel.
  const queues = new Map<string, Promise<unknown>>();
  const oneAtATime = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return run;
  };

  return ({ username, password, source, clientId, via }) => {
    const keys = Lockout.keys(username, source);
    return oneAtATime(keys[0], async (): Promise<AuthOutcome> => {
      const shownName = username.length > 64 ? `${username.slice(0, 64)}…` : username;
      const verdict = lockout.check(keys);
      if (verdict.locked) {
        events.emitThrottled(`login:${source}`, { type: 'login.failed', actor: shownName, clientId, summary: `Sign-in of ${shownName} refused: locked out after repeated failures (${via})`, detail: { source, via, reason: 'locked' } });
        return { ok: false, reason: 'locked', retryAfterSeconds: verdict.retryAfterSeconds };
      }
      if (verdict.delayMs > 0) await sleep(verdict.delayMs);

      const credentials = store.users.credentials(username);
      const valid = await verifyPassword(password, credentials?.passwordHash ?? (await decoyHash()));
      if (!credentials || !valid) {
        lockout.fail(keys);
        events.emitThrottled(`login:${source}`, { type: 'login.failed', actor: shownName, clientId, summary: `Sign-in of ${shownName} failed: wrong username or password (${via})`, detail: { source, via, reason: 'invalid' } });
        return { ok: false, reason: 'invalid' };
      }
      lockout.succeed([keys[0]]); // the source key stays: one good account must not unlock a guessing source
      if (credentials.disabled) {
        events.emit({ type: 'login.failed', actor: username, clientId, subject: credentials.id, summary: `Sign-in of ${username} refused: the account is disabled (${via})`, detail: { source, via, reason: 'disabled' } });
        return { ok: false, reason: 'disabled' };
      }
      store.users.touchLogin(credentials.id);
      events.emit({ type: 'login.succeeded', actor: username, clientId, subject: credentials.id, summary: `${username} signed in (${via})`, detail: { source, via } });
      return { ok: true, user: store.users.get(credentials.id)! };
    });
  };
}

export function describeFailure(outcome: Exclude<AuthOutcome, { ok: true }>): string {
  switch (outcome.reason) {
    case 'locked':
      return t('pages.signIn.locked', { count: Math.ceil(outcome.retryAfterSeconds / 60) });
    case 'disabled':
      return t('pages.signIn.disabled');
    default:
      return t('pages.signIn.wrong');
  }
}
