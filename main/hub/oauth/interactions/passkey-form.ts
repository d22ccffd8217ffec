// The passkey part of a page: a form our one script (account/browser/passkeys.ts) drives — it
// asks the browser for a passkey with the options embedded here, puts the answer in the hidden
// `credential` field and submits. Without JavaScript, or where passkeys cannot work, the page
// says so and everything else on it still works.
import { t } from '../../i18n/translate.ts';
import { html, type SafeHtml } from './html.ts';

/** Where the script is served, and the CSP of pages that load it (that script and nothing else). */
export const PASSKEY_SCRIPT_PATH = '/interaction-assets/passkeys.js';
export const PAGE_CSP_WITH_PASSKEYS = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

/** The passkey form's sentences, from the shared catalogs in the request's language. */
export const PASSKEY_STRINGS = {
  get noScript() { return t('pages.factors.passkeyNoScript'); },
  get unsupported() { return t('pages.factors.passkeyUnsupported'); },
  get failed() { return t('pages.factors.passkeyFailed'); },
  get noScriptFile() { return t('pages.factors.passkeyNoScriptFile'); },
};

export type PasskeyBlock =
  | { available: true; mode: 'register' | 'authenticate'; action: string; options: unknown; fields: Record<string, string>; label: string; extra?: SafeHtml }
  | { available: false; reason: string };

export function passkeyForm(block: PasskeyBlock): SafeHtml {
  if (!block.available) return html`<p class="muted passkey-unavailable">${block.reason}</p>`;
  return html`
<form method="post" action="${block.action}" data-passkey="${block.mode}" data-options="${JSON.stringify(block.options)}" hidden>
  ${Object.entries(block.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  <input type="hidden" name="credential" value="">
  ${block.extra ?? ''}
  <div class="actions"><button class="secondary" type="button" data-passkey-start>${block.label}</button></div>
  <p class="error" role="alert" data-passkey-error hidden>${PASSKEY_STRINGS.failed}</p>
</form>
<p class="muted" data-passkey-unsupported hidden>${PASSKEY_STRINGS.unsupported}</p>
<noscript><p class="muted">${PASSKEY_STRINGS.noScript}</p></noscript>
<script src="${PASSKEY_SCRIPT_PATH}" defer></script>`;
}
