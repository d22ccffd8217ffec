// The token endpoint, refined: the RFC's `unauthorized_client` for a grant the client may not
// use, RFC 8628's `slow_down` for devices polling too fast, and every refusal counted for
// operators (a device waiting for its user is not refused).
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { EventBus } from '../events.ts';
import { DEVICE_CODE_GRANT } from '../oauth/client-metadata.ts';
import type { PollPacer } from '../oauth/device.ts';
import { OAUTH_ROUTES } from '../oauth/provider.ts';
import { grantNotAllowed } from '../oauth/touchpoints.ts';

export const TOKEN_PATH = OAUTH_ROUTES.token;

type ErrorBody = { error?: string; error_description?: string };

export function tokenEndpoint(events: EventBus, pacer: PollPacer): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== TOKEN_PATH) return next();
    await next();
    if (ctx.status < 400) return;
    const body = ctx.body as ErrorBody | undefined;
    const oidc = (ctx as unknown as KoaContextWithOIDC).oidc;
    if (body?.error === 'invalid_request' && grantNotAllowed(ctx as unknown as KoaContextWithOIDC, oidc?.params?.grant_type)) body.error = 'unauthorized_client';
    if (body?.error === 'authorization_pending') return pace(body, oidc?.params, pacer);
    reportRefusal(ctx as unknown as KoaContextWithOIDC, body, events);
  };
}

/** RFC 8628 §3.5: a device polling faster than its interval is told to slow down. */
function pace(body: ErrorBody, params: Record<string, unknown> | undefined, pacer: PollPacer): void {
  const deviceCode = params?.grant_type === DEVICE_CODE_GRANT ? params.device_code : undefined;
  if (typeof deviceCode !== 'string') return;
  const { slowDown, interval } = pacer.poll(deviceCode);
  if (slowDown) {
    body.error = 'slow_down';
    body.error_description = `you are polling too quickly; wait ${interval} seconds between requests`;
  }
}

/** Anyone can cause a refusal: keep what is copied short and the rows few (emitThrottled). */
function reportRefusal(ctx: KoaContextWithOIDC, body: ErrorBody | undefined, events: EventBus): void {
  const short = (value: unknown) => (typeof value === 'string' ? value.slice(0, 64) : null);
  const clientId = ctx.oidc?.client?.clientId ?? short(ctx.oidc?.params?.client_id);
  events.emitThrottled(`refused:${ctx.ip}`, {
    type: 'grant.refused',
    actor: clientId,
    clientId,
    summary: `Token request refused: ${short(body?.error) ?? ctx.status}${body?.error_description ? ` (${body.error_description.slice(0, 200)})` : ''}`,
    detail: { grant_type: short(ctx.oidc?.params?.grant_type), error: short(body?.error), status: ctx.status, source: ctx.ip },
  });
}
