// The device authorization grant (RFC 8628) runs as oidc-provider's own deviceFlow feature.
// This module gives it our pages (the provider's defaults use inline scripts and web fonts)
// and adds what the provider leaves out: the `interval` in the device authorization response,
// `slow_down` for devices that poll too fast, no auto-submitting page for
// verification_uri_complete, and an Origin check on the code form besides its xsrf token.
import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { decideUserScopes, isOidcScope, splitScope } from '../domain/scopes.ts';
import { fromOtherSite } from '../http/origin.ts';
import { t } from '../i18n/translate.ts';
import type { Store } from '../store/index.ts';
import { clientScopes, DEVICE_CODE_GRANT } from './client-metadata.ts';
import { deviceCodePage, deviceConfirmPage, deviceDonePage } from './interactions/device-views.ts';
import { errorPage, PAGE_CSP, type ScopeLine } from './interactions/views.ts';
import { codeFormXsrf, grantNotAllowed, isCodeFormRefusal, isSessionlessCodeFormCrash } from './touchpoints.ts';
import { USER_CODE_CHARSET, USER_CODE_MASK } from './user-codes.ts';

export const DEVICE_AUTHORIZATION_PATH = '/device/auth';
export const CODE_VERIFICATION_PATH = '/device';
/** RFC 8628 §3.2: the default polling interval, in seconds. */
export const DEFAULT_POLL_INTERVAL = 5;
/** RFC 8628 §3.5: each slow_down adds this many seconds to the interval. */
const SLOW_DOWN_STEP = 5;
/** A poll counts as too fast below this share of the interval (device timers are coarse). */
const POLL_TOLERANCE = 0.8;

type DeviceFlowFeature = NonNullable<NonNullable<Configuration['features']>['deviceFlow']>;
type DeviceCodeEntity = { params?: Record<string, unknown>; scope?: string };

/** The user code from verification_uri_complete, kept for the code page to prefill. */
const PREFILL = 'lanyardUserCode';

function page(ctx: KoaContextWithOIDC, body: string): void {
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', PAGE_CSP);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}

function describeScopes(store: Store, names: string[]): ScopeLine[] {
  const descriptions = store.scopes.descriptions(names);
  return names.map((name) => ({ name, description: descriptions.get(name) ?? '' }));
}

/** What the code page says after the provider refused a code or the person denied. */
function explain(err: Error | undefined, out: { error?: string; error_description?: string } | undefined): { title?: string; notice?: string; error?: string } {
  if (!err) return {};
  switch (err.name) {
    case 'NoCodeError':
      return { error: t('pages.device.noCode') };
    case 'NotFoundError':
      return { error: t('pages.device.notFound') };
    case 'ExpiredError':
      return { error: t('pages.device.expired') };
    case 'AlreadyUsedError':
      return { error: t('pages.device.used') };
    case 'AbortedError':
      return { title: t('pages.device.deniedTitle'), notice: t('pages.device.denied') };
    default:
      if (isCodeFormRefusal(err)) return { error: t('pages.device.expiredForm') };
      return { error: out?.error_description ?? t('pages.device.failed') };
  }
}

/** features.deviceFlow for the provider configuration. */
export function deviceFlowFeature(store: Store): DeviceFlowFeature {
  return {
    enabled: true,
    charset: USER_CODE_CHARSET,
    mask: USER_CODE_MASK,
    async userCodeInputSource(ctx, _form, out, err) {
      const explained = explain(err, out as { error?: string; error_description?: string } | undefined);
      if (explained.error && ctx.status === 200 && err?.name !== 'AbortedError') ctx.status = 400;
      const prefill = (ctx.state as Record<string, unknown>)[PREFILL];
      page(ctx, deviceCodePage({
        action: ctx.oidc.urlFor('code_verification'),
        xsrf: codeFormXsrf(ctx),
        userCode: typeof prefill === 'string' ? prefill : (err as { userCode?: string } | undefined)?.userCode,
        ...explained,
      }));
    },
    async userCodeConfirmSource(ctx, _form, client, deviceInfo, userCode) {
      const code = ctx.oidc.entities.DeviceCode as DeviceCodeEntity | undefined;
      const requested = splitScope(code?.params?.scope as string | undefined);
      // What the device asked for within its client's scopes; the consent that follows sign-in
      // holds it to the user's roles.
      const allowed = clientScopes(client);
      const api = decideUserScopes({ requested, clientScopes: allowed, userScopes: new Set(allowed) }).granted;
      page(ctx, deviceConfirmPage({
        action: ctx.oidc.urlFor('code_verification'),
        xsrf: codeFormXsrf(ctx),
        userCode,
        clientName: client.clientName ?? client.clientId,
        scopes: describeScopes(store, api),
        identity: requested.includes('openid') || requested.includes('profile'),
        offline: requested.includes('offline_access'),
        from: typeof (deviceInfo as { ip?: unknown } | undefined)?.ip === 'string' ? (deviceInfo as { ip: string }).ip : undefined,
      }));
    },
    async successSource(ctx) {
      const client = ctx.oidc.client!;
      const accountId = ctx.oidc.session?.accountId;
      const code = ctx.oidc.entities.DeviceCode as DeviceCodeEntity | undefined;
      const granted = splitScope(code?.scope).filter((scope) => !isOidcScope(scope));
      page(ctx, deviceDonePage({
        clientName: client.clientName ?? client.clientId,
        username: accountId ? store.users.get(accountId)?.username : undefined,
        scopes: describeScopes(store, granted),
      }));
    },
  };
}

/**
 * Around the provider's device routes: strips user_code from a GET of the verification URI
 * (the provider would answer with an auto-submitting, script-driven form) and prefills our
 * code page instead; refuses cross-site posts of the code form; adds `interval`.
 */
export function deviceRoutes(options: { interval: number }): Middleware {
  return async (ctx, next) => {
    if (ctx.path === CODE_VERIFICATION_PATH) {
      if (ctx.method === 'GET' && 'user_code' in ctx.query) {
        const { user_code: userCode, ...rest } = ctx.query;
        if (typeof userCode === 'string') (ctx.state as Record<string, unknown>)[PREFILL] = userCode.slice(0, 32);
        ctx.query = rest;
      }
      if (ctx.method === 'POST') {
        if (fromOtherSite(ctx)) {
          ctx.status = 403;
          page(ctx as unknown as KoaContextWithOIDC, errorPage({ title: t('pages.error.cannotUse'), message: t('pages.error.otherSite') }));
          return;
        }
        try {
          await next();
        } catch (error) {
          // A code form posted without a live session: start over on a fresh form, not a 500.
          if (!isSessionlessCodeFormCrash(error)) throw error;
          const userCode = (ctx as unknown as KoaContextWithOIDC).oidc?.params?.user_code;
          ctx.status = 303;
          ctx.redirect(typeof userCode === 'string' && userCode ? `${CODE_VERIFICATION_PATH}?${new URLSearchParams({ user_code: userCode.slice(0, 32) })}` : CODE_VERIFICATION_PATH);
        }
        return;
      }
      return next();
    }
    // RFC 8628 §3.1: the device authorization endpoint takes POST only. Other methods would
    // reach the provider's /device/:uid route with uid "auth" and fail there with a 500.
    if (ctx.path === DEVICE_AUTHORIZATION_PATH && ctx.method !== 'POST' && ctx.method !== 'OPTIONS') {
      ctx.status = 405;
      ctx.set('Allow', 'POST');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: 'invalid_request', error_description: 'use POST for the device authorization endpoint' };
      return;
    }
    if (ctx.path === DEVICE_AUTHORIZATION_PATH && ctx.method === 'POST') {
      await next();
      const body = ctx.body as Record<string, unknown> | undefined;
      if (ctx.status === 200 && body && typeof body.device_code === 'string') body.interval = options.interval;
      // RFC 8628 §3.2 uses RFC 6749's errors: a client without the grant is unauthorized_client.
      if (ctx.status === 400 && body?.error === 'invalid_request' && grantNotAllowed(ctx as unknown as KoaContextWithOIDC, DEVICE_CODE_GRANT)) {
        body.error = 'unauthorized_client';
      }
      return;
    }
    return next();
  };
}

/**
 * Remembers when each device code last polled, to answer `slow_down` (RFC 8628 §3.5), which
 * oidc-provider does not implement. In memory: after a restart devices simply start afresh.
 */
export class PollPacer {
  readonly #interval: number;
  readonly #seen = new Map<string, { last: number; interval: number; forgetAt: number }>();
  #checks = 0;

  constructor(interval: number) {
    this.#interval = interval;
  }

  /** Records a pending poll; says whether it came too soon and what the interval is now. */
  poll(deviceCode: string, now = Date.now()): { slowDown: boolean; interval: number } {
    if (++this.#checks % 256 === 0) this.#forget(now);
    const key = createHash('sha256').update(deviceCode).digest('base64url');
    const entry = this.#seen.get(key);
    const forgetAt = now + 30 * 60_000;
    if (!entry) {
      this.#seen.set(key, { last: now, interval: this.#interval, forgetAt });
      return { slowDown: false, interval: this.#interval };
    }
    const slowDown = now - entry.last < entry.interval * 1000 * POLL_TOLERANCE;
    if (slowDown) entry.interval += SLOW_DOWN_STEP;
    entry.last = now;
    entry.forgetAt = forgetAt;
    return { slowDown, interval: entry.interval };
  }

  #forget(now: number): void {
    for (const [key, entry] of this.#seen) if (entry.forgetAt <= now) this.#seen.delete(key);
  }
}
