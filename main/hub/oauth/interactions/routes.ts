// The Authorization UI's routes: login, consent, cancel. Plain HTML forms, CSRF-protected
// (a token bound to the interaction, which is itself bound to the browser's cookie, plus an
// Origin check), finished through the provider's interaction API.
import Router from '@koa/router';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { readForm } from '../../http/body.ts';
import { t } from '../../i18n/translate.ts';
import { fromOtherSite } from '../../http/origin.ts';
import { API_RESOURCE, decideUserScopes, splitScope } from '../../domain/scopes.ts';
import type { Store } from '../../store/index.ts';
import { describeFailure, type Authenticator } from '../accounts.ts';
import { clientScopes } from '../client-metadata.ts';
import { recordDecision } from '../grant-scopes.ts';
import { consentPage, errorPage, loginPage, PAGE_CSP, STYLESHEET, STYLESHEET_PATH, type ScopeLine } from './views.ts';

type Deps = { provider: Provider; store: Store; authenticate: Authenticator; csrfKey: string };

class InteractionProblem extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function interactionRoutes(deps: Deps): Router {
  const { provider, store } = deps;
  const router = new Router();

  const csrfFor = (uid: string) => createHmac('sha256', deps.csrfKey).update(`interaction:${uid}`).digest('base64url');

  function checkCsrf(ctx: Context, uid: string, presented: string | undefined): void {
    if (fromOtherSite(ctx)) throw new InteractionProblem(403, t('pages.error.otherSite'));
    const expected = Buffer.from(csrfFor(uid));
    const actual = Buffer.from(presented ?? '');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw new InteractionProblem(403, t('pages.error.expiredForm'));
    }
  }

  function page(ctx: Context, status: number, body: string): void {
    ctx.status = status;
    ctx.type = 'html';
    ctx.set('Content-Security-Policy', PAGE_CSP);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  }

  async function details(ctx: Context) {
    try {
      const interaction = await provider.interactionDetails(ctx.req, ctx.res);
      if (ctx.params.uid && interaction.uid !== ctx.params.uid) throw new Error('uid mismatch');
      const client = await provider.Client.find(String(interaction.params.client_id));
      if (!client) throw new InteractionProblem(400, t('pages.error.unknownClient'));
      return { interaction, client, clientName: client.clientName ?? client.clientId };
    } catch (error) {
      if (error instanceof InteractionProblem) throw error;
      throw new InteractionProblem(400, t('pages.error.expiredSignIn'));
    }
  }

  async function finish(ctx: Context, result: InteractionResults, merge: boolean): Promise<void> {
    const target = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: merge });
    ctx.status = 303;
    ctx.redirect(target);
  }

  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const problem = error instanceof InteractionProblem ? error : undefined;
      const status = problem?.status ?? (error as { status?: number }).status ?? 500;
      page(ctx, status, errorPage({
        title: status >= 500 ? t('pages.error.wentWrong') : t('pages.error.cannotUse'),
        message: problem?.message ?? (status < 500 ? (error as Error).message : t('pages.error.couldNotComplete')),
      }));
      if (status >= 500) ctx.app.emit('error', error, ctx);
    }
  });

  router.get(STYLESHEET_PATH, (ctx) => {
    ctx.type = 'text/css';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = STYLESHEET;
  });

  router.get('/interaction/:uid', async (ctx) => {
    const { interaction, client, clientName } = await details(ctx);
    const uid = interaction.uid;
    if (interaction.prompt.name === 'login') {
      page(ctx, 200, loginPage({ uid, csrf: csrfFor(uid), clientName }));
      return;
    }
    if (interaction.prompt.name === 'consent') {
      const accountId = interaction.session?.accountId;
      const user = accountId ? store.users.get(accountId) : undefined;
      if (!user) throw new InteractionProblem(400, t('pages.error.sessionEnded'));
      const requested = splitScope(interaction.params.scope as string | undefined);
      const { granted, withheld } = decideUserScopes({ requested, clientScopes: clientScopes(client), userScopes: store.roles.scopesForUser(user.id) });
      const descriptions = store.scopes.descriptions([...granted, ...withheld]);
      const line = (name: string): ScopeLine => ({ name, description: descriptions.get(name) ?? '' });
      page(ctx, 200, consentPage({
        uid,
        csrf: csrfFor(uid),
        clientName,
        username: user.username,
        granted: granted.map(line),
        withheld: withheld.map(line),
        identity: requested.includes('openid') || requested.includes('profile'),
        offline: requested.includes('offline_access'),
      }));
      return;
    }
    throw new InteractionProblem(400, t('pages.error.unsupportedStep'));
  });

  router.post('/interaction/:uid/login', async (ctx) => {
    const { interaction, client, clientName } = await details(ctx);
    const form = await readForm(ctx.req);
    checkCsrf(ctx, interaction.uid, form.csrf);
    if (interaction.prompt.name !== 'login') throw new InteractionProblem(400, t('pages.error.alreadySignedIn'));
    const username = (form.username ?? '').trim();
    const password = form.password ?? '';
    const again = (status: number, error: string) => page(ctx, status, loginPage({ uid: interaction.uid, csrf: csrfFor(interaction.uid), clientName, username, error }));
    if (!username || !password) return again(400, t('pages.signIn.missing'));
    const outcome = await deps.authenticate({ username, password, source: ctx.ip, clientId: client.clientId, via: 'login page' });
    if (!outcome.ok && outcome.reason === 'locked') ctx.set('Retry-After', String(outcome.retryAfterSeconds));
    if (!outcome.ok) return again(outcome.reason === 'locked' ? 429 : 400, describeFailure(outcome));
    await finish(ctx, { login: { accountId: outcome.user.id } }, false);
  });

  router.post('/interaction/:uid/consent', async (ctx) => {
    const { interaction, client } = await details(ctx);
    const form = await readForm(ctx.req);
    checkCsrf(ctx, interaction.uid, form.csrf);
    if (interaction.prompt.name !== 'consent') throw new InteractionProblem(400, t('pages.error.nothingToApprove'));
    if (form.decision !== 'allow') {
      await finish(ctx, { error: 'access_denied', error_description: 'The user denied the request.' }, false);
      return;
    }
    const accountId = interaction.session!.accountId;
    const grant = interaction.grantId
      ? (await provider.Grant.find(interaction.grantId))!
      : new provider.Grant({ accountId, clientId: client.clientId });
    const missing = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const apiScopes = missing.missingResourceScopes?.[API_RESOURCE];
    const decision = decideUserScopes({ requested: apiScopes ?? [], clientScopes: clientScopes(client), userScopes: store.roles.scopesForUser(accountId) });
    recordDecision(grant, { ...decision, oidc: missing.missingOIDCScope ?? [], forApi: apiScopes !== undefined });
    const grantId = await grant.save();
    await finish(ctx, interaction.grantId ? { consent: {} } : { consent: { grantId } }, true);
  });

  router.post('/interaction/:uid/abort', async (ctx) => {
    const { interaction } = await details(ctx);
    const form = await readForm(ctx.req);
    checkCsrf(ctx, interaction.uid, form.csrf);
    await finish(ctx, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, false);
  });

  return router;
}
