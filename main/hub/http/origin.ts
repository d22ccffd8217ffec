// Same-origin checks for the hub's HTML forms. Koa 3's `ctx.origin` is the request's Origin
// header (Koa 2's was protocol://host), so it cannot be what the header is compared with.
import type { Context } from 'koa';

/** This request's own origin, from the connection's protocol and the Host header. */
export const requestOrigin = (ctx: Context): string => `${ctx.protocol}://${ctx.host}`;

/**
 * False when the browser says the form came from another site. A missing Origin, or "null"
 * (Chromium sends that for form posts from pages with Referrer-Policy: no-referrer), leaves the
 * decision to the form's token.
 */
export function fromOtherSite(ctx: Context): boolean {
  const origin = ctx.get('origin');
  return !!origin && origin !== 'null' && origin !== requestOrigin(ctx);
}
