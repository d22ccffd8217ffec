// The hub's Authorization UI: server-rendered pages that work without JavaScript, with real
// labels, one <h1> per page, errors announced to screen readers, and visible focus. Every
// sentence comes from the shared catalogs (shared/i18n/) in the request's language.
import { CATALOGS, LANGUAGES } from '../../../../shared/i18n/catalogs.ts';
import { LANGUAGE_PATH } from '../../http/language.ts';
import { currentLanguage, currentPath, t, tHtml } from '../../i18n/translate.ts';
import { html, SafeHtml } from './html.ts';
import { passkeyForm, type PasskeyBlock } from './passkey-form.ts';

export const STYLESHEET_PATH = '/interaction-assets/style.css';

export const STYLESHEET = `
:root { color-scheme: light dark; --accent: #1c64d8; --bg: #f5f7fb; --card: #fff; --text: #1d2433; --muted: #5b6578; --danger: #b42318; --border: #d0d7e2; --on-accent: #fff; }
@media (prefers-color-scheme: dark) { :root { --bg: #12161f; --card: #1b212c; --text: #e8ecf3; --muted: #a6b0c3; --danger: #ff8a7a; --border: #334055; --accent: #6ea2ff; --on-accent: #0b1220; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg); color: var(--text); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { width: min(26rem, calc(100vw - 2rem)); background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 2rem; }
h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
p { margin: .5rem 0; }
.muted { color: var(--muted); font-size: .9rem; }
.brand { font-weight: 600; letter-spacing: .02em; color: var(--muted); font-size: .85rem; margin-bottom: 1rem; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input[type=text], input[type=password], input[type=number], select {  width: 100%; padding: .6rem .7rem; border: 1px solid var(--border); border-radius: 8px; background: transparent; color: inherit; font: inherit; }
button { font: inherit; padding: .6rem 1rem; border-radius: 8px; border: 1px solid var(--accent); cursor: pointer; }
button.primary { background: var(--accent); color: var(--on-accent); }
button.secondary { background: transparent; color: var(--accent); }
.actions { display: flex; gap: .75rem; margin-top: 1.5rem; flex-wrap: wrap; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.error { color: var(--danger); border: 1px solid var(--danger); border-radius: 8px; padding: .6rem .8rem; margin: 1rem 0 0; }
ul.scopes { padding-left: 1.2rem; }
ul.scopes li { margin: .35rem 0; }
code { font-size: .85em; }
nav.languages { margin-top: 1.5rem; font-size: .85rem; color: var(--muted); }
nav.languages ul { display: inline; list-style: none; margin: 0; padding: 0; }
nav.languages li { display: inline; margin-left: .5rem; }
nav.languages a { color: var(--accent); }
a { color: var(--accent); }
section.alternative { border-top: 1px solid var(--border); margin-top: 1.5rem; padding-top: .5rem; }
.qr { display: block; margin: 1rem auto; background: #fff; padding: 8px; border-radius: 8px; }
.secret { font: 600 1rem/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; letter-spacing: .08em; word-break: break-all; }
ol.codes { columns: 2; font: 1rem/1.8 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
details { margin-top: 1rem; }
summary { cursor: pointer; color: var(--accent); }
table { width: 100%; border-collapse: collapse; font-size: .9rem; }
th, td { text-align: left; padding: .4rem .3rem; border-bottom: 1px solid var(--border); vertical-align: top; }
.warning { border: 1px solid #b7791f; border-radius: 8px; padding: .6rem .8rem; }
.ok { border: 1px solid #2f855a; border-radius: 8px; padding: .6rem .8rem; }
main.wide { width: min(48rem, calc(100vw - 2rem)); }
label.check { display: flex; gap: .5rem; align-items: baseline; font-weight: normal; }
.user-code { display: block; font: 600 1.6rem/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; letter-spacing: .12em; text-align: center; padding: .5rem; border: 1px dashed var(--border); border-radius: 8px; margin: .75rem 0; }
input.user-code-input { text-transform: uppercase; letter-spacing: .12em; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 1.2rem; text-align: center; }
input.user-code-input::placeholder { text-transform: none; letter-spacing: normal; }
`;

type Page = { title: string; body: SafeHtml; wide?: boolean };

/**
 * Links to the page in the other languages (each language named in itself), on pages reached by
 * GET: following one remembers the choice in a cookie and comes back here.
 */
function languageLinks(): SafeHtml | '' {
  const path = currentPath();
  if (!path) return '';
  const others = LANGUAGES.filter((language) => language !== currentLanguage());
  return html`<nav class="languages" aria-label="${t('pages.chooseLanguage')}">${t('pages.chooseLanguage')}:<ul>${others.map(
    (language) => html`<li><a href="${LANGUAGE_PATH}/${language}?${new URLSearchParams({ return: path })}" hreflang="${language}" lang="${language}">${CATALOGS[language].language.name}</a></li>`,
  )}</ul></nav>`;
}

export function layout({ title, body, wide = false }: Page): string {
  return html`<!doctype html>
<html lang="${currentLanguage()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${t('pages.titleSuffix', { title })}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main${wide ? html` class="wide"` : ''}>
<div class="brand" aria-hidden="true">${t('pages.brand')}</div>
${body}
${languageLinks()}
</main>
</body>
</html>`.value;
}

const errorBox = (error: string | undefined) => (error ? html`<p class="error" id="form-error" role="alert">${error}</p>` : '');

/** What the login page offers besides the password: a passkey, and the account page. */
export type LoginExtras = { passkey?: PasskeyBlock | undefined; accountUrl?: string | undefined; csp?: string | undefined };

export function loginPage(input: { uid: string; csrf: string; clientName: string; username?: string; error?: string } & LoginExtras): string {
  const describedBy = input.error ? 'form-error' : undefined;
  return layout({
    title: t('pages.signIn.title'),
    body: html`
<h1>${t('pages.signIn.title')}</h1>
<p>${tHtml('pages.signIn.continueTo', { client: input.clientName })}</p>
${errorBox(input.error)}
<form method="post" action="/interaction/${input.uid}/login" novalidate>
  <input type="hidden" name="csrf" value="${input.csrf}">
  <label for="username">${t('pages.signIn.username')}</label>
  <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${input.username ?? ''}" ${describedBy ? html`aria-describedby="${describedBy}" aria-invalid="true"` : ''}>
  <label for="password">${t('pages.signIn.password')}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required ${describedBy ? html`aria-describedby="${describedBy}" aria-invalid="true"` : ''}>
  <div class="actions">
    <button class="primary" type="submit">${t('pages.signIn.submit')}</button>
  </div>
</form>
${input.passkey ? html`<section class="alternative" aria-label="${t('pages.signIn.otherWays')}">${passkeyForm(input.passkey)}</section>` : ''}
<form method="post" action="/interaction/${input.uid}/abort">
  <input type="hidden" name="csrf" value="${input.csrf}">
  <div class="actions"><button class="secondary" type="submit">${t('pages.signIn.cancel', { client: input.clientName })}</button></div>
</form>
${input.accountUrl ? html`<p class="muted">${tHtml('pages.signIn.manageAccount', { url: input.accountUrl })}</p>` : ''}`,
  });
}

export type ScopeLine = { name: string; description: string };

/** One permission in a list: its description, or its name when it has none. */
export const describeScope = (scope: ScopeLine) => html`<li>${scope.description || tHtml('pages.consent.permission', { scope: scope.name })}</li>`;

export function consentPage(input: { uid: string; csrf: string; clientName: string; username: string; granted: ScopeLine[]; withheld: ScopeLine[]; identity: boolean; offline: boolean }): string {
  return layout({
    title: t('pages.consent.title', { client: input.clientName }),
    body: html`
<h1>${tHtml('pages.consent.heading', { client: input.clientName })}</h1>
<p class="muted">${tHtml('pages.consent.signedInAs', { username: input.username })}</p>
<p>${tHtml('pages.consent.asks', { client: input.clientName })}</p>
<ul class="scopes">
  ${input.identity ? html`<li>${t('pages.consent.identity')}</li>` : ''}
  ${input.granted.map(describeScope)}
  ${input.offline ? html`<li>${t('pages.consent.offline')}</li>` : ''}
  ${!input.identity && input.granted.length === 0 && !input.offline ? html`<li>${t('pages.consent.nothing')}</li>` : ''}
</ul>
${input.withheld.length ? html`<p class="muted">${t('pages.consent.withheld', { scopes: input.withheld.map((s) => s.name).join(', ') })}</p>` : ''}
<form method="post" action="/interaction/${input.uid}/consent">
  <input type="hidden" name="csrf" value="${input.csrf}">
  ${decisionButtons({ name: 'decision', value: 'allow', label: t('pages.consent.allow') }, { name: 'decision', value: 'deny', label: t('pages.consent.deny') })}
</form>`,
  });
}

type Choice = { name: string; value: string; label: string };

/** A yes/no decision's two submit buttons: the first is the primary one and has the focus. */
export function decisionButtons(yes: Choice, no: Choice): SafeHtml {
  return html`<div class="actions">
    <button class="primary" type="submit" name="${yes.name}" value="${yes.value}" autofocus>${yes.label}</button>
    <button class="secondary" type="submit" name="${no.name}" value="${no.value}">${no.label}</button>
  </div>`;
}

export function errorPage(input: { title: string; message: string; detail?: string | undefined }): string {
  return layout({
    title: input.title,
    body: html`
<h1>${input.title}</h1>
<p role="alert">${input.message}</p>
${input.detail ? html`<p class="muted">${input.detail}</p>` : ''}
<p class="muted">${t('pages.error.startAgain')}</p>`,
  });
}

/** oidc-provider's sign-out question; `form` is its own hidden form (id op.logoutForm, with xsrf). */
export function logoutPage(input: { form: string; host: string }): string {
  return layout({
    title: t('pages.logout.title'),
    body: html`
<h1>${t('pages.logout.heading', { host: input.host })}</h1>
<p class="muted">${t('pages.logout.explain')}</p>
${new SafeHtml(input.form)}
<div class="actions">
  <button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${t('pages.logout.yes')}</button>
  <button class="secondary" type="submit" form="op.logoutForm">${t('pages.logout.no')}</button>
</div>`,
  });
}

export function signedOutPage(input: { clientName: string | undefined }): string {
  return layout({
    title: t('pages.logout.doneTitle'),
    body: html`
<h1>${t('pages.logout.doneHeading')}</h1>
<p role="status">${input.clientName ? tHtml('pages.logout.sessionWith', { client: input.clientName }) : t('pages.logout.session')}</p>
<p class="muted">${t('pages.logout.close')}</p>`,
  });
}

/** Content-Security-Policy for these pages: no scripts at all. */
export const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";
