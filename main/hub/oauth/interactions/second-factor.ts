// The sign-in's steps after the password (or instead of it, with a passkey): what the
// second-factor policy asks (factors/policy.ts → domain/factors.ts), the code, recovery-code and
// passkey forms, and setting up an authenticator app when a role requires one. Each form carries
// the interaction's CSRF token and a ticket proving the password step (sign-in-ticket.ts).
import Router from '@koa/router';
import type { Context } from 'koa';
import type { User } from '../../../../shared/admin-contract.ts';
import { beginTotp, confirmTotp, pendingTotp, type AppLabel, type EnrolmentDeps } from '../../factors/enrolment.ts';
import { authenticationOptions, parseCredential, signedChallenge, verifyAuthentication, type PostedCredential } from '../../factors/passkeys.ts';
import { demandFor } from '../../factors/policy.ts';
import { placeFor, type PasskeySupport } from '../../factors/support.ts';
import { describeFactorFailure, type FactorChecks } from '../../factors/verifier.ts';
import { readForm } from '../../http/body.ts';
import { t } from '../../i18n/translate.ts';
import type { Passkey } from '../../store/factors.ts';
import { InteractionProblem, type InteractionKit } from './kit.ts';
import { PAGE_CSP_WITH_PASSKEYS, PASSKEY_SCRIPT_PATH, PASSKEY_STRINGS, type PasskeyBlock } from './passkey-form.ts';
import { STRINGS, enrolPage, recoveryCodesPage, secondFactorPage } from './second-factor-views.ts';
import { issueTicket, readTicket } from './sign-in-ticket.ts';
import { loginPage, type LoginExtras } from './views.ts';

export type SecondFactorDeps = {
  kit: InteractionKit;
  csrfKey: string;
  enrolment: EnrolmentDeps;
  checks: FactorChecks;
  passkeys: PasskeySupport;
  appLabel: (user: User) => AppLabel;
  /** The account page's address, linked from the login page. */
  accountPath: string;
};

type Step = { uid: string; clientName: string; user: User };

/** The passkeys a sign-in at this page can use: those made for the name the page was opened at. */
async function passkeyBlock(ctx: Context, deps: SecondFactorDeps, input: { uid: string; user: User; ticket: string; csrf: string }): Promise<PasskeyBlock | undefined> {
  const passkeys = deps.enrolment.store.factors.passkeys(input.user.id);
  if (passkeys.length === 0) return undefined;
  const place = placeFor(ctx, deps.passkeys);
  if (!place.available) return place;
  const usable = passkeys.filter((passkey) => passkey.rpId === place.rp.id);
  if (usable.length === 0) {
    const at = [...new Set(passkeys.map((passkey) => passkey.rpId))].join(', ');
    return { available: false, reason: t('pages.factors.passkeyMadeAt', { at }) };
  }
  const challenge = deps.passkeys.challenges.issue('second-factor', `${input.uid}:${input.user.id}`);
  return {
    available: true,
    mode: 'authenticate',
    action: `/interaction/${input.uid}/second-factor/passkey`,
    options: await authenticationOptions({ rp: place.rp, allow: usable, challenge }),
    fields: { csrf: input.csrf, ticket: input.ticket },
    label: STRINGS.passkeyButton,
  };
}

export function secondFactorSteps(deps: SecondFactorDeps) {
  const { csrfFor, checkCsrf, page, details, finish } = deps.kit;
  const { store, events } = deps.enrolment;

  async function showSecondFactor(ctx: Context, step: Step, options: { status?: number; error?: string | undefined; recoveryOpen?: boolean } = {}): Promise<void> {
    const csrf = csrfFor(step.uid);
    const ticket = issueTicket(deps.csrfKey, step.uid, step.user.id, 'password');
    const passkey = await passkeyBlock(ctx, deps, { uid: step.uid, user: step.user, ticket, csrf });
    const body = secondFactorPage({ uid: step.uid, csrf, ticket, clientName: step.clientName, username: step.user.username, totp: step.user.secondFactors.totp, passkey, recoveryOpen: options.recoveryOpen ?? false, error: options.error });
    page(ctx, options.status ?? 200, body, passkey?.available ? PAGE_CSP_WITH_PASSKEYS : undefined);
  }

  async function showEnrol(ctx: Context, step: Step, error?: string): Promise<void> {
    const setup = (error && (await pendingTotp(deps.enrolment, step.user, deps.appLabel(step.user)))) || (await beginTotp(deps.enrolment, step.user, deps.appLabel(step.user)));
    const ticket = issueTicket(deps.csrfKey, step.uid, step.user.id, 'password');
    page(ctx, error ? 400 : 200, enrolPage({ uid: step.uid, csrf: csrfFor(step.uid), ticket, clientName: step.clientName, username: step.user.username, setup, error }));
  }

  /** Once the password checked out: finish, or ask for (or set up) a second factor. */
  async function afterPassword(ctx: Context, step: { uid: string; clientName: string; user: User }): Promise<void> {
    const demand = demandFor(deps.enrolment, step.user);
    if (demand === 'none') return finish(ctx, { login: { accountId: step.user.id, amr: ['pwd'] } }, false);
    if (demand === 'present') return showSecondFactor(ctx, step);
    return showEnrol(ctx, step);
  }

  /** The interaction still at its login prompt, the form's CSRF token, and the user the ticket vouches for. */
  async function continuing(ctx: Context, stage: 'password' | 'complete') {
    const { interaction, clientName } = await details(ctx);
    const form = await readForm(ctx.req, 64 * 1024);
    checkCsrf(ctx, interaction.uid, form.csrf);
    if (interaction.prompt.name !== 'login') throw new InteractionProblem(400, t('pages.error.alreadySignedIn'));
    const userId = readTicket(deps.csrfKey, interaction.uid, form.ticket, stage);
    const user = userId ? store.users.get(userId) : undefined;
    if (!user || user.disabled) throw new InteractionProblem(400, t('pages.factors.expiredStep'));
    return { step: { uid: interaction.uid, clientName, user }, form, clientId: String(interaction.params.client_id) };
  }

  /** Checks a passkey's answer for `passkey`; marks the passkey and the challenge used. */
  async function passkeyAnswers(ctx: Context, input: { credential: PostedCredential; passkey: Passkey; purpose: string; binding: string; requireUserVerification: boolean }): Promise<boolean> {
    const place = placeFor(ctx, deps.passkeys);
    if (!place.available) return false;
    const counter = await verifyAuthentication({
      rp: place.rp,
      credential: input.credential,
      passkey: input.passkey,
      challengeValid: (challenge) => deps.passkeys.challenges.valid(input.purpose, input.binding, challenge),
      requireUserVerification: input.requireUserVerification,
    });
    if (counter === undefined || !store.factors.usePasskey(input.passkey.credentialId, counter)) return false;
    deps.passkeys.challenges.use(signedChallenge(input.credential));
    return true;
  }

  const refusedPasskey = (ctx: Context, user: { username: string; id: string } | undefined, clientId: string, via: string) =>
    events.emitThrottled(`login:${ctx.ip}`, { type: 'login.failed', actor: user?.username ?? null, clientId, subject: user?.id ?? null, summary: `Passkey sign-in${user ? ` of ${user.username}` : ''} refused: the passkey's answer did not check out (${via})`, detail: { source: ctx.ip, via, method: 'passkey' } });

  const router = new Router();
  router.use(deps.kit.errors);

  router.get(PASSKEY_SCRIPT_PATH, (ctx) => {
    if (!deps.passkeys.script) return;
    ctx.type = 'application/javascript';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = deps.passkeys.script;
  });

  router.post('/interaction/:uid/second-factor', async (ctx) => {
    const { step, form, clientId } = await continuing(ctx, 'password');
    const method = form.method === 'recovery' ? 'recovery' : 'totp';
    const code = (form.code ?? '').trim();
    if (!code) return showSecondFactor(ctx, step, { status: 400, error: method === 'recovery' ? t('pages.factors.enterRecovery') : t('pages.factors.enterCode'), recoveryOpen: method === 'recovery' });
    const outcome = await deps.checks[method]({ user: step.user, code, source: ctx.ip, clientId, via: 'login page' });
    if (!outcome.ok) {
      if (outcome.reason === 'locked') ctx.set('Retry-After', String(outcome.retryAfterSeconds));
      return showSecondFactor(ctx, step, { status: outcome.reason === 'locked' ? 429 : 400, error: describeFactorFailure(outcome), recoveryOpen: method === 'recovery' });
    }
    await finish(ctx, { login: { accountId: step.user.id, amr: ['pwd', 'otp'] } }, false);
  });

  router.post('/interaction/:uid/second-factor/passkey', async (ctx) => {
    const { step, form, clientId } = await continuing(ctx, 'password');
    const credential = parseCredential(form.credential);
    const passkey = credential && store.factors.passkey(credential.id);
    const ok = !!credential && !!passkey && passkey.userId === step.user.id && (await passkeyAnswers(ctx, { credential, passkey, purpose: 'second-factor', binding: `${step.uid}:${step.user.id}`, requireUserVerification: false }));
    if (!ok) {
      refusedPasskey(ctx, step.user, clientId, 'login page, second factor');
      return showSecondFactor(ctx, step, { status: 400, error: PASSKEY_STRINGS.failed });
    }
    await finish(ctx, { login: { accountId: step.user.id, amr: ['pwd', 'hwk'] } }, false);
  });

  router.post('/interaction/:uid/enrol', async (ctx) => {
    const { step, form } = await continuing(ctx, 'password');
    const result = confirmTotp(deps.enrolment, step.user, form.code ?? '', step.user.username);
    if (!result.ok) return showEnrol(ctx, step, t('pages.factors.codeWrongSetup'));
    if (!result.recoveryCodes) return finish(ctx, { login: { accountId: step.user.id, amr: ['pwd', 'otp'] } }, false);
    page(ctx, 200, recoveryCodesPage({ uid: step.uid, csrf: csrfFor(step.uid), ticket: issueTicket(deps.csrfKey, step.uid, step.user.id, 'complete'), codes: result.recoveryCodes }));
  });

  router.post('/interaction/:uid/continue', async (ctx) => {
    const { step } = await continuing(ctx, 'complete');
    await finish(ctx, { login: { accountId: step.user.id, amr: ['pwd', 'otp'] } }, false);
  });

  /** Sign-in with a passkey alone: one that verified its user (PIN, biometrics) stands for both factors. */
  router.post('/interaction/:uid/passkey', async (ctx) => {
    const { interaction, clientName } = await details(ctx);
    const form = await readForm(ctx.req, 64 * 1024);
    checkCsrf(ctx, interaction.uid, form.csrf);
    if (interaction.prompt.name !== 'login') throw new InteractionProblem(400, t('pages.error.alreadySignedIn'));
    const clientId = String(interaction.params.client_id);
    const credential = parseCredential(form.credential);
    const passkey = credential && store.factors.passkey(credential.id);
    const user = passkey ? store.users.get(passkey.userId) : undefined;
    const ok = !!credential && !!passkey && !!user && !user.disabled && (await passkeyAnswers(ctx, { credential, passkey, purpose: 'login', binding: interaction.uid, requireUserVerification: true }));
    if (!ok || !user) {
      refusedPasskey(ctx, user, clientId, 'login page, passkey');
      const extras = await loginExtras(ctx, interaction.uid);
      return page(ctx, 400, loginPage({ uid: interaction.uid, csrf: csrfFor(interaction.uid), clientName, error: PASSKEY_STRINGS.failed, ...extras }), extras.csp);
    }
    store.users.touchLogin(user.id);
    events.emit({ type: 'login.succeeded', actor: user.username, clientId, subject: user.id, summary: `${user.username} signed in with a passkey (login page)`, detail: { source: ctx.ip, via: 'login page', method: 'passkey' } });
    await finish(ctx, { login: { accountId: user.id, amr: ['hwk', 'user'] } }, false);
  });

  /** The login page's extras: a passkey sign-in where one can work, and the account page. */
  async function loginExtras(ctx: Context, uid: string): Promise<LoginExtras> {
    const extras: LoginExtras = { accountUrl: deps.accountPath };
    if (!store.factors.anyPasskeys()) return extras;
    const place = placeFor(ctx, deps.passkeys);
    if (!place.available) return { ...extras, passkey: place };
    const options = await authenticationOptions({ rp: place.rp, challenge: deps.passkeys.challenges.issue('login', uid) });
    return { ...extras, csp: PAGE_CSP_WITH_PASSKEYS, passkey: { available: true, mode: 'authenticate', action: `/interaction/${uid}/passkey`, options, fields: { csrf: csrfFor(uid) }, label: t('pages.factors.passkeySignIn') } };
  }

  return { afterPassword, loginExtras, routes: router };
}

