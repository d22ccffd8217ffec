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
  const router = new Router();
  router.use(deps.kit.errors);
  passkeyScriptRoute(router, deps.passkeys);
  codeRoutes(router, deps);
  passkeyRoutes(router, deps);
  return {
    afterPassword: (ctx: Context, step: Step) => afterPassword(deps, ctx, step),
    loginExtras: (ctx: Context, uid: string) => loginExtras(deps, ctx, uid),
    routes: router,
  };
}

/** Once the password checked out: finish, or ask for (or set up) a second factor. */
async function afterPassword(deps: SecondFactorDeps, ctx: Context, step: Step): Promise<void> {
  const demand = demandFor(deps.enrolment, step.user);
  if (demand === 'none') return deps.kit.finish(ctx, { login: { accountId: step.user.id, amr: ['pwd'] } }, false);
  if (demand === 'present') return showSecondFactor(deps, ctx, step);
  return showEnrol(deps, ctx, step);
}

/** The second-factor page: a code, a recovery code, or a passkey where one can work. */
async function showSecondFactor(deps: SecondFactorDeps, ctx: Context, step: Step, options: { status?: number; error?: string | undefined; recoveryOpen?: boolean } = {}): Promise<void> {
  const csrf = deps.kit.csrfFor(step.uid);
  const ticket = issueTicket(deps.csrfKey, step.uid, step.user.id, 'password');
  const passkey = await passkeyBlock(ctx, deps, { uid: step.uid, user: step.user, ticket, csrf });
  const body = secondFactorPage({ uid: step.uid, csrf, ticket, clientName: step.clientName, username: step.user.username, totp: step.user.secondFactors.totp, passkey, recoveryOpen: options.recoveryOpen ?? false, error: options.error });
  deps.kit.page(ctx, options.status ?? 200, body, passkey?.available ? PAGE_CSP_WITH_PASSKEYS : undefined);
}

/** Setting up an authenticator app during sign-in, when a role requires a second factor the user lacks. */
async function showEnrol(deps: SecondFactorDeps, ctx: Context, step: Step, error?: string): Promise<void> {
  const setup = (error && (await pendingTotp(deps.enrolment, step.user, deps.appLabel(step.user)))) || (await beginTotp(deps.enrolment, step.user, deps.appLabel(step.user)));
  const ticket = issueTicket(deps.csrfKey, step.uid, step.user.id, 'password');
  deps.kit.page(ctx, error ? 400 : 200, enrolPage({ uid: step.uid, csrf: deps.kit.csrfFor(step.uid), ticket, clientName: step.clientName, username: step.user.username, setup, error }));
}

/** The interaction still at its login prompt, with the form's CSRF token checked. */
async function atLoginPrompt(deps: SecondFactorDeps, ctx: Context) {
  const { interaction, clientName } = await deps.kit.details(ctx);
  const form = await readForm(ctx.req, 64 * 1024);
  deps.kit.checkCsrf(ctx, interaction.uid, form.csrf);
  if (interaction.prompt.name !== 'login') throw new InteractionProblem(400, t('pages.error.alreadySignedIn'));
  return { interaction, clientName, form, clientId: String(interaction.params.client_id) };
}

/** The interaction at its login prompt, the form, and the user the ticket vouches for. */
async function continuing(deps: SecondFactorDeps, ctx: Context, stage: 'password' | 'complete') {
  const { interaction, clientName, form, clientId } = await atLoginPrompt(deps, ctx);
  const userId = readTicket(deps.csrfKey, interaction.uid, form.ticket, stage);
  const user = userId ? deps.enrolment.store.users.get(userId) : undefined;
  if (!user || user.disabled) throw new InteractionProblem(400, t('pages.factors.expiredStep'));
  return { step: { uid: interaction.uid, clientName, user }, form, clientId };
}

/** Checks a passkey's answer for `passkey`; marks the passkey and the challenge used. */
async function passkeyAnswers(deps: SecondFactorDeps, ctx: Context, input: { credential: PostedCredential; passkey: Passkey; purpose: string; binding: string; requireUserVerification: boolean }): Promise<boolean> {
  const place = placeFor(ctx, deps.passkeys);
  if (!place.available) return false;
  const counter = await verifyAuthentication({
    rp: place.rp,
    credential: input.credential,
    passkey: input.passkey,
    challengeValid: (challenge) => deps.passkeys.challenges.valid(input.purpose, input.binding, challenge),
    requireUserVerification: input.requireUserVerification,
  });
  if (counter === undefined || !deps.enrolment.store.factors.usePasskey(input.passkey.credentialId, counter)) return false;
  deps.passkeys.challenges.use(signedChallenge(input.credential));
  return true;
}

/** A refused passkey sign-in, in the audit log (throttled per source address). */
function refusedPasskey(deps: SecondFactorDeps, ctx: Context, user: { username: string; id: string } | undefined, clientId: string, via: string): void {
  deps.enrolment.events.emitThrottled(`login:${ctx.ip}`, { type: 'login.failed', actor: user?.username ?? null, clientId, subject: user?.id ?? null, summary: `Passkey sign-in${user ? ` of ${user.username}` : ''} refused: the passkey's answer did not check out (${via})`, detail: { source: ctx.ip, via, method: 'passkey' } });
}

/** The pages' one script (passkey ceremonies), when it was built. */
function passkeyScriptRoute(router: Router, passkeys: PasskeySupport): void {
  router.get(PASSKEY_SCRIPT_PATH, (ctx) => {
    if (!passkeys.script) return;
    ctx.type = 'application/javascript';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = passkeys.script;
  });
}

/** A code or recovery code after the password; setting up an authenticator app; past the shown recovery codes. */
function codeRoutes(router: Router, deps: SecondFactorDeps): void {
  const { finish } = deps.kit;
  router.post('/interaction/:uid/second-factor', async (ctx) => {
    const { step, form, clientId } = await continuing(deps, ctx, 'password');
    const method = form.method === 'recovery' ? 'recovery' : 'totp';
    const code = (form.code ?? '').trim();
    if (!code) return showSecondFactor(deps, ctx, step, { status: 400, error: method === 'recovery' ? t('pages.factors.enterRecovery') : t('pages.factors.enterCode'), recoveryOpen: method === 'recovery' });
    const outcome = await deps.checks[method]({ user: step.user, code, source: ctx.ip, clientId, via: 'login page' });
    if (!outcome.ok) {
      if (outcome.reason === 'locked') ctx.set('Retry-After', String(outcome.retryAfterSeconds));
      return showSecondFactor(deps, ctx, step, { status: outcome.reason === 'locked' ? 429 : 400, error: describeFactorFailure(outcome), recoveryOpen: method === 'recovery' });
    }
    await finish(ctx, { login: { accountId: step.user.id, amr: ['pwd', 'otp'] } }, false);
  });

  router.post('/interaction/:uid/enrol', async (ctx) => {
    const { step, form } = await continuing(deps, ctx, 'password');
    const result = confirmTotp(deps.enrolment, step.user, form.code ?? '', step.user.username);
    if (!result.ok) return showEnrol(deps, ctx, step, t('pages.factors.codeWrongSetup'));
    if (!result.recoveryCodes) return finish(ctx, { login: { accountId: step.user.id, amr: ['pwd', 'otp'] } }, false);
    deps.kit.page(ctx, 200, recoveryCodesPage({ uid: step.uid, csrf: deps.kit.csrfFor(step.uid), ticket: issueTicket(deps.csrfKey, step.uid, step.user.id, 'complete'), codes: result.recoveryCodes }));
  });

  router.post('/interaction/:uid/continue', async (ctx) => {
    const { step } = await continuing(deps, ctx, 'complete');
    await finish(ctx, { login: { accountId: step.user.id, amr: ['pwd', 'otp'] } }, false);
  });
}

/** A passkey as the second factor, and a passkey alone: one that verified its user (PIN, biometrics) stands for both factors. */
function passkeyRoutes(router: Router, deps: SecondFactorDeps): void {
  const { store, events } = deps.enrolment;
  const { finish, page, csrfFor } = deps.kit;
  router.post('/interaction/:uid/second-factor/passkey', async (ctx) => {
    const { step, form, clientId } = await continuing(deps, ctx, 'password');
    const credential = parseCredential(form.credential);
    const passkey = credential && store.factors.passkey(credential.id);
    const ok = !!credential && !!passkey && passkey.userId === step.user.id && (await passkeyAnswers(deps, ctx, { credential, passkey, purpose: 'second-factor', binding: `${step.uid}:${step.user.id}`, requireUserVerification: false }));
    if (!ok) {
      refusedPasskey(deps, ctx, step.user, clientId, 'login page, second factor');
      return showSecondFactor(deps, ctx, step, { status: 400, error: PASSKEY_STRINGS.failed });
    }
    await finish(ctx, { login: { accountId: step.user.id, amr: ['pwd', 'hwk'] } }, false);
  });

  router.post('/interaction/:uid/passkey', async (ctx) => {
    const { interaction, clientName, form, clientId } = await atLoginPrompt(deps, ctx);
    const credential = parseCredential(form.credential);
    const passkey = credential && store.factors.passkey(credential.id);
    const user = passkey ? store.users.get(passkey.userId) : undefined;
    const ok = !!credential && !!passkey && !!user && !user.disabled && (await passkeyAnswers(deps, ctx, { credential, passkey, purpose: 'login', binding: interaction.uid, requireUserVerification: true }));
    if (!ok || !user) {
      refusedPasskey(deps, ctx, user, clientId, 'login page, passkey');
      const extras = await loginExtras(deps, ctx, interaction.uid);
      return page(ctx, 400, loginPage({ uid: interaction.uid, csrf: csrfFor(interaction.uid), clientName, error: PASSKEY_STRINGS.failed, ...extras }), extras.csp);
    }
    store.users.touchLogin(user.id);
    events.emit({ type: 'login.succeeded', actor: user.username, clientId, subject: user.id, summary: `${user.username} signed in with a passkey (login page)`, detail: { source: ctx.ip, via: 'login page', method: 'passkey' } });
    await finish(ctx, { login: { accountId: user.id, amr: ['hwk', 'user'] } }, false);
  });
}

/** The login page's extras: a passkey sign-in where one can work, and the account page. */
async function loginExtras(deps: SecondFactorDeps, ctx: Context, uid: string): Promise<LoginExtras> {
  const { store } = deps.enrolment;
  const extras: LoginExtras = { accountUrl: deps.accountPath };
  if (!store.factors.anyPasskeys()) return extras;
  const place = placeFor(ctx, deps.passkeys);
  if (!place.available) return { ...extras, passkey: place };
  const options = await authenticationOptions({ rp: place.rp, challenge: deps.passkeys.challenges.issue('login', uid) });
  const csrfFor = deps.kit.csrfFor;
  return { ...extras, csp: PAGE_CSP_WITH_PASSKEYS, passkey: { available: true, mode: 'authenticate', action: `/interaction/${uid}/passkey`, options, fields: { csrf: csrfFor(uid) }, label: t('pages.factors.passkeySignIn') } };
}
