// Which language the hub's pages speak to this request: the reader's choice (a cookie set by
// the language links on every page and on the account page), else the browser's
// Accept-Language, else English. Also the route those links use to remember a choice.
import type { Context, Middleware } from 'koa';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from '../../../shared/i18n/catalogs.ts';
import { inLanguage } from '../i18n/translate.ts';

const LANGUAGE_COOKIE = 'lanyard_lang';
export const LANGUAGE_PATH = '/interaction-assets/language';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

function negotiateLanguage(ctx: Context): Language {
  const chosen = ctx.cookies.get(LANGUAGE_COOKIE);
  if (isLanguage(chosen)) return chosen;
  if (!ctx.get('Accept-Language')) return DEFAULT_LANGUAGE;
  const accepted = ctx.acceptsLanguages(...LANGUAGES);
  return isLanguage(accepted) ? accepted : DEFAULT_LANGUAGE;
}

/** A same-site path to go back to after choosing ("/device?x" yes; "//evil", "https://…" no). */
function safeReturn(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && value.length <= 2000 ? value : '/';
}

/** Runs the rest of the request in its language; answers GET /interaction-assets/language/<lang>. */
export function language(): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path.startsWith(`${LANGUAGE_PATH}/`)) {
      const chosen = ctx.path.slice(LANGUAGE_PATH.length + 1);
      if (!isLanguage(chosen)) {
        ctx.status = 404;
        return;
      }
      ctx.cookies.set(LANGUAGE_COOKIE, chosen, { httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: ONE_YEAR_MS, overwrite: true });
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 303;
      ctx.redirect(safeReturn(ctx.query.return));
      return;
    }
    ctx.vary('Accept-Language');
    ctx.vary('Cookie');
    await inLanguage({ language: negotiateLanguage(ctx), path: ctx.method === 'GET' ? ctx.originalUrl : undefined }, next);
  };
}
