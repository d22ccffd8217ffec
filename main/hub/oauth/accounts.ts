// Checks a username and password, for the login page and the password grant alike: limited
// by the lockout (oauth/lockout.ts), constant work for unknown users, the same answer for a
// disabled or expired account as for a wrong password (only the audit log tells them apart), and every
// outcome audited.
import type { User } from '../../../shared/admin-contract.ts';
import { hasExpired } from '../domain/users.ts';
import type { EventBus } from '../events.ts';
import { t } from '../i18n/translate.ts';
import { decoyHash, verifyPassword } from '../security/passwords.ts';
import type { Store } from '../store/index.ts';
import type { Lockout, Verdict } from './lockout.ts';
import { queueByKey } from '../factors/one-at-a-time.ts';

export type AuthOutcome =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' | 'disabled' | 'expired' }
  | { ok: false; reason: 'locked'; why: Exclude<Verdict, { allowed: true }>['why']; retryAfterSeconds: number };

export type Authenticator = (input: { username: string; password: string; source: string; clientId: string; via: 'login page' | 'password grant' | 'account page' }) => Promise<AuthOutcome>;

const LOCK_REASONS = { address: 'too many attempts from this address', 'account-here': 'too many failures for this account from this address', 'account-everywhere': 'this account is being guessed at from many places; slowed down' } as const;

export function createAuthenticator(deps: { store: Store; events: EventBus; lockout: Lockout }): Authenticator {
  const { store, events, lockout } = deps;
  // Attempts for one username run one after another, so the lockout's per-username counts
  // are exact when each attempt starts; different usernames run in parallel, and the
  // per-address count is taken as each one starts.
  const oneAtATime = queueByKey();

  return ({ username, password, source, clientId, via }) =>
    oneAtATime(`user:${username.length > 64 ? '(over-long)' : username.toLowerCase()}`, async (): Promise<AuthOutcome> => {
      const shownName = username.length > 64 ? `${username.slice(0, 64)}…` : username;
      const verdict = await lockout.begin(username, source);
      if (!verdict.allowed) {
        events.emitThrottled(`login:${source}`, { type: 'login.failed', actor: shownName, clientId, summary: `Sign-in of ${shownName} refused: ${LOCK_REASONS[verdict.why]} (${via})`, detail: { source, via, reason: 'locked', why: verdict.why } });
        return { ok: false, reason: 'locked', why: verdict.why, retryAfterSeconds: verdict.retryAfterSeconds };
      }

      const credentials = store.users.credentials(username);
      const valid = await verifyPassword(password, credentials?.passwordHash ?? (await decoyHash()));
      if (!credentials || !valid) {
        await lockout.failed(username, source);
        events.emitThrottled(`login:${source}`, { type: 'login.failed', actor: shownName, clientId, summary: `Sign-in of ${shownName} failed: wrong username or password (${via})`, detail: { source, via, reason: 'invalid' } });
        return { ok: false, reason: 'invalid' };
      }
      await lockout.succeeded(username, source);
      if (credentials.disabled) {
        events.emit({ type: 'login.failed', actor: username, clientId, subject: credentials.id, summary: `Sign-in of ${username} refused: the account is disabled (${via})`, detail: { source, via, reason: 'disabled' } });
        return { ok: false, reason: 'disabled' };
      }
      if (hasExpired(credentials)) {
        events.emit({ type: 'login.failed', actor: username, clientId, subject: credentials.id, summary: `Sign-in of ${username} refused: the account expired at ${credentials.expiresAt} (${via})`, detail: { source, via, reason: 'expired' } });
        return { ok: false, reason: 'expired' };
      }
      store.users.touchLogin(credentials.id);
      events.emit({ type: 'login.succeeded', actor: username, clientId, subject: credentials.id, summary: `${username} signed in (${via})`, detail: { source, via } });
      return { ok: true, user: store.users.get(credentials.id)! };
    });
}

function waitFor(seconds: number): string {
  return seconds < 90 ? t('pages.signIn.seconds', { count: seconds }) : t('pages.signIn.minutes', { count: Math.ceil(seconds / 60) });
}

/**
 * What the person is told. A disabled or expired account reads like a wrong password, so nobody
 * can learn from outside which accounts exist, are disabled or were guests.
 */
export function describeFailure(outcome: Exclude<AuthOutcome, { ok: true }>): string {
  if (outcome.reason !== 'locked') return t('pages.signIn.wrong');
  switch (outcome.why) {
    case 'account-everywhere':
      return t('pages.signIn.lockedAccount', { wait: waitFor(outcome.retryAfterSeconds) });
    default:
      return t('pages.signIn.lockedDevice', { wait: waitFor(outcome.retryAfterSeconds) });
  }
}
