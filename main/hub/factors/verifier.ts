// Checks a second factor someone presents at sign-in — an authenticator-app code or a recovery
// code — under the same lockout as passwords: attempts per account and source address, one at a
// time per account, every failure counted and audited. A code is good once: the TOTP step it
// belongs to, or the recovery code itself, is marked used in the same statement that accepts it.
import type { User } from '../../../shared/admin-contract.ts';
import type { EventBus } from '../events.ts';
import { hashRecoveryCode } from '../security/recovery-codes.ts';
import type { FactorSecrets } from '../security/factor-secrets.ts';
import { matchTotp } from '../security/totp.ts';
import type { Store } from '../store/index.ts';
import { t } from '../i18n/translate.ts';
import { queueByKey } from './one-at-a-time.ts';

/** The part of the lockout second factors use (oauth/lockout.ts). */
export type AttemptGate = {
  begin(username: string, source: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
  failed(username: string, source: string): Promise<void>;
  succeeded(username: string, source: string): Promise<void>;
};

type FactorMethod = 'totp' | 'recovery' | 'passkey';

export type FactorOutcome =
  | { ok: true; method: FactorMethod }
  | { ok: false; method: FactorMethod; reason: 'invalid' | 'reused' | 'unreadable' }
  | { ok: false; method: FactorMethod; reason: 'locked'; retryAfterSeconds: number };

type Attempt = { user: User; code: string; source: string; clientId: string | null; via: string };

export type FactorChecks = {
  totp(attempt: Attempt): Promise<FactorOutcome>;
  recovery(attempt: Attempt): Promise<FactorOutcome>;
};

/** 'unreadable': the app's secret was sealed under a master key this hub does not have (a restore with new keys). */
type Check = (attempt: Attempt) => 'ok' | 'invalid' | 'reused' | 'unreadable';

const REFUSAL: Record<Exclude<ReturnType<Check>, 'ok'>, string> = {
  invalid: 'a wrong code',
  reused: 'a code that was already used',
  unreadable: "an authenticator app this hub's keys cannot open (restored with new keys)",
};

export function createFactorChecks(deps: { store: Store; events: EventBus; gate: AttemptGate; secrets: FactorSecrets }): FactorChecks {
  const { store, events, gate, secrets } = deps;
  const oneAtATime = queueByKey();

  const checked = (method: Exclude<FactorMethod, 'passkey'>, check: Check) => (attempt: Attempt) =>
    oneAtATime(`user:${attempt.user.id}`, async (): Promise<FactorOutcome> => {
      const { user, source, clientId, via } = attempt;
      const verdict = await gate.begin(user.username, source);
      if (!verdict.allowed) {
        events.emitThrottled(`login:${source}`, { type: 'login.failed', actor: user.username, clientId, subject: user.id, summary: `Second factor of ${user.username} refused: locked out after repeated failures (${via})`, detail: { source, via, method, reason: 'locked' } });
        return { ok: false, method, reason: 'locked', retryAfterSeconds: verdict.retryAfterSeconds };
      }
      const result = check(attempt);
      if (result !== 'ok') {
        // Nothing is guessed against a secret the hub cannot open: that refusal does not count towards lockout.
        if (result !== 'unreadable') await gate.failed(user.username, source);
        const why = method === 'recovery' && result === 'invalid' ? 'a wrong recovery code' : REFUSAL[result];
        events.emitThrottled(`login:${source}`, { type: 'login.failed', actor: user.username, clientId, subject: user.id, summary: `Second factor of ${user.username} refused: ${why} (${via})`, detail: { source, via, method, reason: result } });
        return { ok: false, method, reason: result };
      }
      await gate.succeeded(user.username, source);
      if (method === 'recovery') {
        events.emit({ type: 'user.changed', actor: user.username, clientId, subject: user.id, summary: `${user.username} used a recovery code (${store.factors.recoveryCodesLeft(user.id)} left)`, detail: { source, via } });
      }
      return { ok: true, method };
    });

  return {
    totp: checked('totp', ({ user, code }) => {
      const record = store.factors.totp(user.id);
      if (!record?.confirmed) return 'invalid';
      const secret = secrets.open(record.sealedSecret, user.id);
      if (secret === undefined) return 'unreadable';
      const step = matchTotp(secret, code);
      if (step === undefined) return 'invalid';
      return store.factors.useTotpStep(user.id, step) ? 'ok' : 'reused';
    }),
    recovery: checked('recovery', ({ user, code }) => (store.factors.useRecoveryCode(user.id, hashRecoveryCode(code)) ? 'ok' : 'invalid')),
  };
}

/** What the person is told when a code is refused. */
export function describeFactorFailure(outcome: Exclude<FactorOutcome, { ok: true }>): string {
  switch (outcome.reason) {
    case 'locked':
      return t('pages.factors.tooManyCodes', { count: Math.ceil(outcome.retryAfterSeconds / 60) });
    case 'reused':
      return t('pages.factors.codeReused');
    case 'unreadable':
      return t('pages.factors.codeUnreadable');
    default:
      return outcome.method === 'recovery'
        ? t('pages.factors.recoveryWrong')
        : t('pages.factors.codeWrong');
  }
}
