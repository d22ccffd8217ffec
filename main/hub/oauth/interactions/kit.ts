// What every Authorization UI route needs: the interaction's details, CSRF tokens bound to it,
// page answers with the pages' security headers, finishing through the provider's interaction
// API, and one error page for whatever goes wrong. Shared by the login/consent routes and the
// second-factor steps.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { fromOtherSite } from '../../http/origin.ts';
import { t } from '../../i18n/translate.ts';
import { errorPage, PAGE_CSP } from './views.ts';

export class InteractionProblem extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export type InteractionKit = ReturnType<typeof interactionKit>;

/** An HTML page answer, never cached; `csp` defaults to the pages' no-script policy. */
export function sendPage(ctx: Context, status: number, body: string, csp = PAGE_CSP): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', csp);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}

/** Turns any failure below it into an error page (500s are also reported to the app, never shown). */
export const errorPages: Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    const problem = error instanceof InteractionProblem ? error : undefined;
    const status = problem?.status ?? (error as { status?: number }).status ?? 500;
    sendPage(ctx, status, errorPage({
      title: status >= 500 ? t('pages.error.wentWrong') : t('pages.error.cannotUse'),
      message: problem?.message ?? (status < 500 ? (error as Error).message : t('pages.error.couldNotComplete')),
    }));
    if (status >= 500) ctx.app.emit('error', error, ctx);
  }
};

export function interactionKit(deps: { provider: Provider; csrfKey: string }) {
  const { provider } = deps;

  const csrfFor = (uid: string) => createHmac('sha256', deps.csrfKey).update(`interaction:${uid}`).digest('base64url');

  function checkCsrf(ctx: Context, uid: string, presented: string | undefined): void {
    if (fromOtherSite(ctx)) throw new InteractionProblem(403, t('pages.error.otherSite'));
    const expected = Buffer.from(csrfFor(uid));
    const actual = Buffer.from(presented ?? '');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw new InteractionProblem(403, t('pages.error.expiredForm'));
    }
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

  return { csrfFor, checkCsrf, page: sendPage, details, finish, errors: errorPages };
}
