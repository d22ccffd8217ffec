// The account page's routes (/account): sign-in through the hub's own login (session.ts), then
// plain forms, each checked against this session's CSRF token, for the password, second factors,
// what holds tokens for the user, and personal access tokens. Every query is bound to the
// signed-in user: nobody can see or revoke another user's tokens from here.
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { Password, PersonalTokenLifetime, PersonalTokenName, ScopeName } from '../../../shared/admin-contract.ts';
import { ACCOUNT_CLIENT_ID, ACCOUNT_PATH } from '../../../shared/transport.ts';
import { commit, type AdminDeps } from '../admin/app.ts';
import { createPersonalToken } from '../admin/personal-tokens.ts';
import { RuleError, invalid, notFound } from '../domain/errors.ts';
import { roleRequiresSecondFactor } from '../domain/factors.ts';
import { checkHolds } from '../domain/personal-tokens.ts';
import { addPasskey, beginTotp, confirmTotp, pendingTotp, regenerateRecoveryCodes, removePasskey, removeTotp, type AppLabel, type EnrolmentDeps } from '../factors/enrolment.ts';
import { parseCredential, registrationOptions, signedChallenge, verifyRegistration } from '../factors/passkeys.ts';
import { factorPolicy } from '../factors/policy.ts';
import { placeFor, type PasskeySupport } from '../factors/support.ts';
import { readForm } from '../http/body.ts';
import { HTTP_STATUS } from '../http/status.ts';
import { describeFailure, type Authenticator } from '../oauth/accounts.ts';
import { html } from '../oauth/interactions/html.ts';
import { PAGE_CSP_WITH_PASSKEYS, type PasskeyBlock } from '../oauth/interactions/passkey-form.ts';
import { errorPages, sendPage as page } from '../oauth/interactions/kit.ts';
import { t } from '../i18n/translate.ts';
import { PAGE_CSP } from '../oauth/interactions/views.ts';
import { hashPassword } from '../security/passwords.ts';
import type { AccountSession, AccountSessions } from './session.ts';
import { CALLBACK_PATH } from './session.ts';
import { STRINGS, overviewPage, personalTokenShownPage, recoveryCodesShownPage, signInFailedPage, totpSetupPage } from './views.ts';

export type AccountDeps = {
  sessions: AccountSessions;
  enrolment: EnrolmentDeps;
  passkeys: PasskeySupport;
  authenticate: Authenticator;
  appLabel: (user: AccountSession['user']) => AppLabel;
  /** For personal access tokens: the same path operators use. */
  admin: Pick<AdminDeps, 'store' | 'events' | 'personalTokens'>;
};

type Notice = keyof typeof STRINGS.notices;
const PasskeyName = z.string().trim().min(1).max(60);

type Message = { status?: number; notice?: string; error?: string };
type FormHandler = (ctx: Context, session: AccountSession, form: Record<string, string>) => Promise<void>;

/** What every route group of the page uses: the overview, the redirect with a notice, who acts, and form actions. */
type AccountPage = {
  deps: AccountDeps;
  store: EnrolmentDeps['store'];
  overview(ctx: Context, session: AccountSession, message?: Message): Promise<void>;
  /** Back to the overview (303) with a notice, and a count where it has one. */
  done(ctx: Context, notice: Notice, count?: number): void;
  actorOf(session: AccountSession): string;
  /** A form post from the signed-in user; otherwise back to the page (and its sign-in). */
  action(path: string, handle: FormHandler): void;
};

export function accountRoutes(deps: AccountDeps): Router {
  const router = new Router();
  router.use(errorPages);
  const account = accountPage(deps, router);
  signInRoutes(router, account);
  passwordRoutes(account);
  totpRoutes(account);
  passkeyRoutes(account);
  tokenRoutes(account);
  return router;
}

function accountPage(deps: AccountDeps, router: Router): AccountPage {
  const { sessions, enrolment } = deps;
  const { store } = enrolment;
  const overview = (ctx: Context, session: AccountSession, message: Message = {}) => showOverview(deps, ctx, session, message);
  return {
    deps,
    store,
    overview,
    done(ctx, notice, count) {
      ctx.status = 303;
      ctx.redirect(`${ACCOUNT_PATH}?done=${notice}${count === undefined ? '' : `&n=${count}`}`);
    },
    actorOf: (session) => `${session.user.username} (account page)`,
    action(path, handle) {
      router.post(path, async (ctx) => {
        const session = await sessions.current(ctx);
        if (!session) {
          ctx.status = 303;
          return ctx.redirect(ACCOUNT_PATH);
        }
        const form = await readForm(ctx.req, 64 * 1024);
        if (!sessions.checkForm(ctx, session, form.csrf)) throw Object.assign(new Error(t('pages.account.errExpiredForm')), { status: 403 });
        try {
          await handle(ctx, session, form);
        } catch (error) {
          if (!(error instanceof RuleError)) throw error;
          const fresh = (await sessions.current(ctx)) ?? session;
          await overview(ctx, { ...fresh, user: store.users.get(fresh.user.id) ?? fresh.user }, { status: HTTP_STATUS[error.code], error: error.message });
        }
      });
    },
  };
}

/** The passkey form on the overview: registration where passkeys can work here, else why not. */
async function registerBlock(ctx: Context, deps: AccountDeps, session: AccountSession): Promise<PasskeyBlock> {
  const { passkeys, enrolment: { store } } = deps;
  const place = placeFor(ctx, passkeys);
  if (!place.available) return place;
  const options = await registrationOptions({ rp: place.rp, user: session.user, existing: store.factors.passkeys(session.user.id), challenge: passkeys.challenges.issue('register', session.user.id) });
  const extra = html`<label for="passkey-name">${STRINGS.passkeyName}</label><input id="passkey-name" name="name" type="text" maxlength="60" aria-describedby="passkey-name-hint"><p class="muted" id="passkey-name-hint">${STRINGS.passkeyNameHint}</p>`;
  return { available: true, mode: 'register', action: '/account/passkeys', options, fields: { csrf: session.csrf }, label: STRINGS.passkeyAdd, extra };
}

/** The overview: the user's factors, what holds tokens for them, their personal tokens. */
async function showOverview(deps: AccountDeps, ctx: Context, session: AccountSession, message: Message): Promise<void> {
  const { enrolment } = deps;
  const { store } = enrolment;
  const { user } = session;
  const holdings = store.holdings.list(user.id);
  const passkey = await registerBlock(ctx, deps, session);
  const all = store.tokens.count({ userId: user.id });
  const own = holdings.find((holding) => holding.grantId === session.grantId)?.tokens ?? 0;
  page(ctx, message.status ?? 200, overviewPage({
    user,
    csrf: session.csrf,
    notice: message.notice,
    error: message.error,
    required: roleRequiresSecondFactor(user.roles, factorPolicy(enrolment)),
    totp: user.secondFactors.totp,
    passkeys: store.factors.passkeys(user.id),
    recoveryLeft: store.factors.recoveryCodesLeft(user.id),
    passkey,
    holdings,
    sessionGrantId: session.grantId,
    personalTokens: store.personalTokens.listForUser(user.id),
    scopes: [...store.roles.scopesForUser(user.id)].sort(),
    tokensElsewhere: all - own,
  }), passkey.available ? PAGE_CSP_WITH_PASSKEYS : PAGE_CSP);
}

/** The notice a `?done=` redirect asks for, if it names one. */
function noticeFrom(ctx: Context): string | undefined {
  const key = ctx.query.done;
  if (typeof key !== 'string' || !(key in STRINGS.notices)) return undefined;
  const text = STRINGS.notices[key as Notice];
  return typeof text === 'function' ? text(Number(ctx.query.n) || 0) : text;
}

/** The page itself (signing in first when needed), the sign-in's callback, and signing out. */
function signInRoutes(router: Router, account: AccountPage): void {
  const { sessions } = account.deps;
  router.get(ACCOUNT_PATH, async (ctx) => {
    const session = await sessions.current(ctx);
    if (!session) return sessions.start(ctx, ACCOUNT_PATH);
    await account.overview(ctx, session, { notice: noticeFrom(ctx) });
  });

  router.get(CALLBACK_PATH, async (ctx) => {
    const result = await sessions.finish(ctx);
    if (!result.ok) return page(ctx, 400, signInFailedPage());
    ctx.status = 303;
    ctx.redirect(result.returnTo);
  });

  account.action(`${ACCOUNT_PATH}/sign-out`, async (ctx) => {
    await sessions.end(ctx);
    ctx.status = 303;
    ctx.redirect(sessions.hubSignOut(ctx)); // the hub's own sign-out: ends the browser's hub session too
  });
}

/** A new password, given the current one; everything signed in elsewhere is signed out. */
function passwordRoutes({ deps, store, action, actorOf, done }: AccountPage): void {
  action(`${ACCOUNT_PATH}/password`, async (ctx, session, form) => {
    const { user } = session;
    const password = Password.safeParse(form.password ?? '');
    if (!password.success) throw invalid(t('pages.account.errNewPassword', { problem: password.error.issues[0]!.message }));
    if (form.password !== form.repeat) throw invalid(t('pages.account.errRepeat'));
    if (form.confirm !== 'yes') throw invalid(t('pages.account.errConfirmSignOut'));
    const outcome = await deps.authenticate({ username: user.username, password: form.current ?? '', source: ctx.ip, clientId: ACCOUNT_CLIENT_ID, via: 'account page' });
    if (!outcome.ok) throw invalid(t('pages.account.errCurrentPassword', { reason: describeFailure(outcome) }));
    const passwordHash = await hashPassword(password.data);
    const revoked = commit(deps.enrolment, (changes) => {
      store.users.setPasswordHash(user.id, passwordHash);
      changes.event({ type: 'user.changed', actor: actorOf(session), subject: user.id, summary: `${user.username} changed their password`, detail: { username: user.username } });
      // A changed password may mean the old one leaked: everything signed in elsewhere goes.
      return changes.revoked(store.holdings.revokeAllBut(user.id, session.grantId), actorOf(session), (count) => `${count} token(s) of ${user.username} revoked because they changed their password`);
    });
    done(ctx, 'password', revoked);
  });
}

/** Setting up, confirming and removing an authenticator app. */
function totpRoutes({ deps, action, actorOf, done }: AccountPage): void {
  const { enrolment } = deps;
  action(`${ACCOUNT_PATH}/totp/setup`, async (ctx, session) => {
    const setup = await beginTotp(enrolment, session.user, deps.appLabel(session.user));
    page(ctx, 200, totpSetupPage({ csrf: session.csrf, setup }));
  });

  action(`${ACCOUNT_PATH}/totp/confirm`, async (ctx, session, form) => {
    const result = confirmTotp(enrolment, session.user, form.code ?? '', actorOf(session));
    if (result.ok) return result.recoveryCodes ? page(ctx, 200, recoveryCodesShownPage({ codes: result.recoveryCodes, notice: STRINGS.notices.totp })) : done(ctx, 'totp');
    const setup = await pendingTotp(enrolment, session.user, deps.appLabel(session.user));
    if (!setup) throw notFound(t('pages.account.errSetupAgain'));
    page(ctx, 400, totpSetupPage({ csrf: session.csrf, setup, error: t('pages.factors.codeWrongSetup') }));
  });

  action(`${ACCOUNT_PATH}/totp/remove`, async (ctx, session, form) => {
    if (form.confirm !== 'yes') throw invalid(t('pages.account.errConfirm'));
    removeTotp(enrolment, session.user, actorOf(session));
    done(ctx, 'totp-removed');
  });
}

/** Adding and removing passkeys, and a fresh set of recovery codes. */
function passkeyRoutes({ deps, action, actorOf, done }: AccountPage): void {
  const { enrolment, passkeys } = deps;
  action(`${ACCOUNT_PATH}/passkeys`, async (ctx, session, form) => {
    const place = placeFor(ctx, passkeys);
    const credential = parseCredential(form.credential);
    if (!place.available) throw invalid(place.reason);
    const name = PasskeyName.safeParse(form.name ?? '');
    const added = credential && (await verifyRegistration({ rp: place.rp, credential, challengeValid: (challenge) => passkeys.challenges.valid('register', session.user.id, challenge) }));
    if (!credential || !added) throw invalid(t('pages.account.errPasskeyNotAdded'));
    const { recoveryCodes } = addPasskey(enrolment, session.user, { ...added, name: name.success ? name.data : t('pages.account.passkeyDefaultName', { date: new Date().toISOString().slice(0, 10) }), rpId: place.rp.id }, actorOf(session));
    passkeys.challenges.use(signedChallenge(credential));
    if (recoveryCodes) return page(ctx, 200, recoveryCodesShownPage({ codes: recoveryCodes, notice: STRINGS.notices.passkey }));
    done(ctx, 'passkey');
  });

  action(`${ACCOUNT_PATH}/passkeys/remove`, async (ctx, session, form) => {
    removePasskey(enrolment, session.user, form.credentialId ?? '', actorOf(session));
    done(ctx, 'passkey-removed');
  });

  action(`${ACCOUNT_PATH}/recovery-codes`, async (ctx, session, form) => {
    if (form.confirm !== 'yes') throw invalid(t('pages.account.errConfirm'));
    if (!session.user.secondFactors.totp && session.user.secondFactors.passkeys === 0) throw invalid(t('pages.account.errFactorFirst'));
    page(ctx, 200, recoveryCodesShownPage({ codes: regenerateRecoveryCodes(enrolment, session.user, actorOf(session)) }));
  });
}

/** What holds tokens for the user (revoked per application), and personal access tokens. */
function tokenRoutes({ deps, store, action, actorOf, done }: AccountPage): void {
  action(`${ACCOUNT_PATH}/holdings/revoke`, async (ctx, session, form) => {
    const { user } = session;
    const revoked = commit(deps.enrolment, (changes) => {
      const tokens = store.holdings.revokeGrant(user.id, form.grantId ?? '');
      if (tokens.length === 0) throw notFound(t('pages.account.errNothingHeld'));
      return changes.revoked(tokens, actorOf(session), (count) => `${user.username} revoked ${count} token(s) of ${tokens[0]!.clientId} on their account page`);
    });
    done(ctx, 'revoked', revoked);
  });

  action(`${ACCOUNT_PATH}/tokens`, async (ctx, session, form) => {
    const name = PersonalTokenName.safeParse(form.name ?? '');
    if (!name.success) throw invalid(t('pages.account.errTokenName', { problem: name.error.issues[0]!.message }));
    const scopes = Object.entries(form).filter(([key]) => key.startsWith('scope.')).map(([, value]) => value);
    if (scopes.length === 0 || !scopes.every((scope) => ScopeName.safeParse(scope).success)) throw invalid(t('pages.account.errTokenScopes'));
    const expiresIn = PersonalTokenLifetime.safeParse(form.expiresIn ? Number(form.expiresIn) : null);
    if (!expiresIn.success) throw invalid(t('pages.account.errTokenExpiry'));
    const created = await createPersonalToken(deps.admin, session.user, { name: name.data, scopes, expiresIn: expiresIn.data }, actorOf(session));
    page(ctx, 200, personalTokenShownPage({ token: created.token, name: created.name, scope: created.scope, expiresAt: created.expiresAt }));
  });

  action(`${ACCOUNT_PATH}/tokens/revoke`, async (ctx, session, form) => {
    const { user } = session;
    const revoked = commit(deps.enrolment, (changes) => {
      const token = store.personalTokens.find(form.id ?? '');
      checkHolds(token?.userId, user.id);
      return changes.revoked(store.tokens.revoke([token!.id]), actorOf(session), () => `${user.username} revoked their personal access token "${token!.name}"`);
    });
    done(ctx, 'revoked', revoked);
  });
}
