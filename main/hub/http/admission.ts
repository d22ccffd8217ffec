// What a request without credentials may cost the hub (limits are settings, see Limits):
//  - every request to an endpoint that needs no credentials counts against its source
//    address (pages, discovery, JWKS, device and sign-in starts; endpoints that check a
//    client or a bearer token are left to those checks);
//  - what such requests leave in the database is capped: sign-ins started (interactions) and
//    device codes handed out, in all, per client and per address, per 10 minutes (their life).
// Refusals are 429 with Retry-After: `slow_down` in JSON for machines, a page for browsers.
// In memory (rate-limiter-flexible): a restart forgets the counts, and rows live 10 minutes.
import type { Context, Middleware } from 'koa';
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import type { Limits } from '../../../shared/admin-contract.ts';
import { errorPage, PAGE_CSP } from '../oauth/interactions/views.ts';
import { t } from '../i18n/translate.ts';
import { readForm } from './body.ts';
import { sourceKey } from './source.ts';

/** Sign-ins (interactions) and device codes live this long; the caps count per this window. */
export const PENDING_WINDOW_SECONDS = 10 * 60;

/** Endpoints that authenticate their caller (client secret or bearer token); the rest are anonymous. */
const CREDENTIALED = [/^\/token$/, /^\/introspect$/, /^\/revoke$/, /^\/userinfo$/, /^\/api(\/|$)/, /^\/console\/api(\/|$)/];
/** Anonymous endpoints that answer browsers with pages. */
const PAGES = [/^\/authorize$/, /^\/device$/, /^\/logout/, /^\/interaction\//, /^\/console(\/|$)/];

type Caps = { total: RateLimiterMemory; perClient: RateLimiterMemory; perAddress: RateLimiterMemory };

const isRefusal = (value: unknown): value is RateLimiterRes => typeof value === 'object' && value !== null && 'msBeforeNext' in value && !(value instanceof Error);

function caps(prefix: string, total: number, perClient: number, perAddress: number): Caps {
  const make = (name: string, points: number) => new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration: PENDING_WINDOW_SECONDS });
  return { total: make('total', total), perClient: make('client', perClient), perAddress: make('address', perAddress) };
}

/** Why a request waits; its sentence is pages.wait.<reason> in the catalogs. */
type AdmissionReason = 'address' | 'signInsFromDevice' | 'signInsOnHub' | 'codesFromDevice' | 'devicesWaiting';

export type Admission = { middleware: Middleware; configure(limits: Limits): void };

function refuse(ctx: Context, res: RateLimiterRes, reason: AdmissionReason): void {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  ctx.status = 429;
  ctx.set('Retry-After', String(seconds));
  ctx.set('Cache-Control', 'no-store');
  const wait = seconds < 90 ? t('pages.signIn.seconds', { count: seconds }) : t('pages.signIn.minutes', { count: Math.ceil(seconds / 60) });
  const text = t('pages.wait.again', { reason: t(`pages.wait.${reason}`), wait });
  if (PAGES.some((page) => page.test(ctx.path)) && ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.set('Content-Security-Policy', PAGE_CSP);
    ctx.body = errorPage({ title: t('pages.wait.title'), message: text });
  } else {
    ctx.body = { error: 'slow_down', error_description: text };
  }
}

/** The client a device authorization request names: HTTP Basic, or client_id in the form (read here and handed on parsed). */
async function deviceClientId(ctx: Context): Promise<string> {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(ctx.get('authorization'));
  if (basic) return decodeURIComponent(Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0] ?? '');
  if (!ctx.is('application/x-www-form-urlencoded')) return '';
  const form = await readForm(ctx.req, 56 * 1024);
  (ctx.request as { body?: unknown }).body = form;
  return form.client_id ?? '';
}

export function createAdmission(initial: Limits, knownClient: (clientId: string) => boolean): Admission {
  let requests: RateLimiterMemory;
  let signIns: Caps;
  let deviceCodes: Caps;
  const configure = (limits: Limits) => {
    requests = new RateLimiterMemory({ keyPrefix: 'requests', points: limits.requestsPerMinute, duration: 60 });
    signIns = caps('sign-ins', limits.signInsTotal, limits.signInsPerClient, limits.signInsPerAddress);
    deviceCodes = caps('device-codes', limits.deviceCodesTotal, limits.deviceCodesPerClient, limits.deviceCodesPerAddress);
  };
  configure(initial);

  /** Takes one from each cap; the first that has none left is the answer. */
  async function take(cap: Caps, clientId: string, address: string): Promise<{ refusal: RateLimiterRes; which: 'address' | 'client' | 'total' } | undefined> {
    const client = knownClient(clientId) ? clientId : '(unknown client)'; // junk ids share one key
    for (const [which, limiter, key] of [['address', cap.perAddress, address], ['client', cap.perClient, client], ['total', cap.total, 'all']] as const) {
      try {
        await limiter.consume(key);
      } catch (refusal) {
        if (!isRefusal(refusal)) throw refusal;
        return { refusal, which };
      }
    }
    return undefined;
  }

  const middleware: Middleware = async (ctx, next) => {
    if (CREDENTIALED.some((pattern) => pattern.test(ctx.path))) return next();
    const address = sourceKey(ctx.ip);
    try {
      await requests.consume(address);
    } catch (refusal) {
      if (!isRefusal(refusal)) throw refusal;
      return refuse(ctx, refusal, 'address');
    }
    if (ctx.path === '/authorize' && ctx.method === 'GET') {
      const clientId = typeof ctx.query.client_id === 'string' ? ctx.query.client_id : '';
      const capped = await take(signIns, clientId, address);
      if (capped) return refuse(ctx, capped.refusal, capped.which === 'address' ? 'signInsFromDevice' : 'signInsOnHub');
    }
    if (ctx.path === '/device/auth' && ctx.method === 'POST') {
      const capped = await take(deviceCodes, await deviceClientId(ctx), address);
      if (capped) return refuse(ctx, capped.refusal, capped.which === 'address' ? 'codesFromDevice' : 'devicesWaiting');
    }
    return next();
  };

  return { middleware, configure };
}
