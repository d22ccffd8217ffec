// Turns oidc-provider's events into hub events: tokens issued, refreshed and revoked through the
// endpoints, and devices asking to pair (throttled: anyone with a device client's id can ask);
// and logs the back-channel logout notifications an app did not take.
import type { EventEmitter } from 'node:events';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { EventBus } from '../events.ts';
import type { Logger } from '../log.ts';
import { isImplicitRequest } from './implicit.ts';

export function bridgeProviderEvents(provider: Provider, events: EventBus): void {
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const { oidc } = ctx;
    const token = oidc.entities.AccessToken ?? oidc.entities.ClientCredentials;
    const grantType = String(oidc.params?.grant_type ?? '');
    events.emit({
      type: grantType === 'refresh_token' ? 'token.refreshed' : 'token.issued',
      actor: oidc.client?.clientId ?? null,
      clientId: oidc.client?.clientId ?? null,
      subject: oidc.entities.AccessToken?.accountId ?? null,
      summary: `${grantType} token for ${oidc.client?.clientName ?? oidc.client?.clientId}`,
      detail: { grant_type: grantType, scope: token?.scope ?? '' },
    });
  });
  // Anyone with a device client's id can ask, so these are throttled like refusals.
  (provider as unknown as EventEmitter).on('device_authorization.success', (ctx: KoaContextWithOIDC, out: { user_code?: string }) => {
    const client = ctx.oidc.client;
    events.emitThrottled(`device:${ctx.ip}`, {
      type: 'device.requested',
      actor: client?.clientId ?? null,
      clientId: client?.clientId ?? null,
      summary: `${client?.clientName ?? client?.clientId} asks to pair with code ${out.user_code ?? '?'}`,
      detail: { userCode: out.user_code ?? null, scope: String(ctx.oidc.params?.scope ?? ''), source: ctx.ip },
    });
  });
  provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
    if (!isImplicitRequest(ctx)) return;
    const { oidc } = ctx;
    events.emit({
      type: 'token.issued',
      actor: oidc.client?.clientId ?? null,
      clientId: oidc.client?.clientId ?? null,
      subject: oidc.session?.accountId ?? null,
      summary: `implicit token for ${oidc.client?.clientName ?? oidc.client?.clientId}`,
      detail: { grant_type: 'implicit', scope: oidc.entities.AccessToken?.scope ?? '' },
    });
  });
  for (const model of ['access_token', 'client_credentials', 'refresh_token']) {
    (provider as unknown as EventEmitter).on(`${model}.destroyed`, (token: { clientId?: string; accountId?: string }) => {
      events.emit({ type: 'token.revoked', actor: token.clientId ?? null, clientId: token.clientId ?? null, subject: token.accountId ?? null, summary: `A ${model.replace('_', ' ')} was revoked through the revocation endpoint`, detail: { model } });
    });
  }
}

/**
 * A LAN app that keeps its own sessions and missed a logout token still has the user signed in:
 * the operator needs to see which app and why. The user's sign-out itself has succeeded.
 */
export function logBackchannelFailures(provider: Provider, logger: Logger): void {
  (provider as unknown as EventEmitter).on('backchannel.error', (_ctx: unknown, error: unknown, client: { clientId: string; backchannelLogoutUri?: string }) => {
    logger.warn({ err: error, clientId: client.clientId, uri: client.backchannelLogoutUri }, 'back-channel logout notification failed');
  });
}
