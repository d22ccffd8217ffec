// The Authorization UI's routes: login, consent, cancel. Plain HTML forms, CSRF-protected
// (a token bound to the interaction, which is itself bound to the browser's cookie, plus an
// Origin check), finished through the provider's interaction API.
import Router from '@koa/router';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { User } from '../../../../shared/admin-contract.ts';
import { readForm } from '../../http/body.ts';
import { t } from '../../i18n/translate.ts';
import { API_RESOURCE, decideUserScopes, splitScope } from '../../domain/scopes.ts';
import type { Store } from '../../store/index.ts';
import { describeFailure, type Authenticator } from '../accounts.ts';
import { clientScopes } from '../client-metadata.ts';
import { recordDecision } from '../grant-scopes.ts';
import { InteractionProblem, type InteractionKit } from './kit.ts';
import { consentPage, loginPage, STYLESHEET, STYLESHEET_PATH, type LoginExtras, type ScopeLine } from './views.ts';

type Deps = {
  provider: Provider;
  store: Store;
  authenticate: Authenticator;
  kit: InteractionKit;
  /** What happens once the password checked out: a second factor, or straight on. */
  afterPassword: (ctx: Context, step: { uid: string; clientId: string; clientName: string; user: User }) => Promise<void>;
  /** Extra sections of the login page (sign in with a passkey, the account page's link). */
  loginExtras: (ctx: Context, uid: string) => Promise<LoginExtras>;
};

export function interactionRoutes(deps: Deps): Router {
  const { provider, store } = deps;
  const { csrfFor, checkCsrf, page, details, finish } = deps.kit;
  const router = new Router();

  router.use(deps.kit.errors);

  router.get(STYLESHEET_PATH, (ctx) => {
    ctx.type = 'text/css';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = STYLESHEET;
  });

  router.get('/interaction/:uid', async (ctx) => {
    const { interaction, client, clientName } = await details(ctx);
    const uid = interaction.uid;
    if (interaction.prompt.name === 'login') {
      const extras = await deps.loginExtras(ctx, uid);
      page(ctx, 200, loginPage({ uid, csrf: csrfFor(uid), clientName, ...extras }), extras.csp);
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
    const again = async (status: number, error: string) => {
      const extras = await deps.loginExtras(ctx, interaction.uid);
      page(ctx, status, loginPage({ uid: interaction.uid, csrf: csrfFor(interaction.uid), clientName, username, error, ...extras }), extras.csp);
    };
    if (!username || !password) return again(400, t('pages.signIn.missing'));
    const outcome = await deps.authenticate({ username, password, source: ctx.ip, clientId: client.clientId, via: 'login page' });
    if (!outcome.ok && outcome.reason === 'locked') ctx.set('Retry-After', String(outcome.retryAfterSeconds));
    if (!outcome.ok) return again(outcome.reason === 'locked' ? 429 : 400, describeFailure(outcome));
    await deps.afterPassword(ctx, { uid: interaction.uid, clientId: client.clientId, clientName, user: outcome.user });
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
