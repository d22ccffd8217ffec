// The sign-in's second step, after the password: enter a code from the authenticator app, a
// recovery code, or use a passkey; or, when a role requires a second factor the person has not
// set up, set up an authenticator app before going on. No scripts except the passkey form's.
// Every sentence is in STRINGS, read from the shared catalogs in the request's language.
import type { TotpSetup } from '../../factors/enrolment.ts';
import { html } from './html.ts';
import { passkeyForm, type PasskeyBlock } from './passkey-form.ts';
import { layout } from './views.ts';
import { t } from '../../i18n/translate.ts';
import type { MessageKey } from '../../../../shared/i18n/catalogs.ts';

const f = (key: string) => t(`pages.factors.${key}` as MessageKey);

/** Every sentence of the second step, from the shared catalogs in the request's language. */
export const STRINGS = {
  get title() { return f('title'); },
  intro: (username: string) => t('pages.factors.intro', { username }),
  get codeLabel() { return f('codeLabel'); },
  get codeHint() { return f('codeHint'); },
  get verify() { return f('verify'); },
  get passkeyHeading() { return f('passkeyHeading'); },
  get passkeyOnly() { return f('passkeyOnly'); },
  get passkeyButton() { return f('passkeyButton'); },
  get recoverySummary() { return f('recoverySummary'); },
  get recoveryLabel() { return f('recoveryLabel'); },
  get recoveryHint() { return f('recoveryHint'); },
  get recoverySubmit() { return f('recoverySubmit'); },
  cancel: (client: string) => t('pages.signIn.cancel', { client }),
  get enrolTitle() { return f('enrolTitle'); },
  enrolIntro: (username: string) => t('pages.factors.enrolIntro', { username }),
  get enrolScan() { return f('enrolScan'); },
  get enrolManual() { return f('enrolManual'); },
  get enrolQrAlt() { return f('enrolQrAlt'); },
  get enrolConfirm() { return f('enrolConfirm'); },
  get enrolSubmit() { return f('enrolSubmit'); },
  get enrolLater() { return f('enrolLater'); },
  get codesTitle() { return f('codesTitle'); },
  get codesIntro() { return f('codesIntro'); },
  get codesContinue() { return f('codesContinue'); },
};

const errorBox = (error: string | undefined) => (error ? html`<p class="error" id="form-error" role="alert">${error}</p>` : '');
const invalid = (error: string | undefined) => (error ? html`aria-describedby="form-error" aria-invalid="true"` : '');

type Hidden = { csrf: string; ticket: string };
const hidden = (fields: Hidden) => html`<input type="hidden" name="csrf" value="${fields.csrf}"><input type="hidden" name="ticket" value="${fields.ticket}">`;

export function secondFactorPage(input: Hidden & { uid: string; clientName: string; username: string; totp: boolean; passkey?: PasskeyBlock | undefined; recoveryOpen?: boolean; error?: string | undefined }): string {
  const base = `/interaction/${input.uid}`;
  return layout({
    title: STRINGS.title,
    body: html`
<h1>${STRINGS.title}</h1>
<p>${STRINGS.intro(input.username)}</p>
${errorBox(input.error)}
${input.totp ? html`
<form method="post" action="${base}/second-factor" novalidate>
  ${hidden(input)}
  <input type="hidden" name="method" value="totp">
  <label for="code">${STRINGS.codeLabel}</label>
  <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="12" required autofocus aria-describedby="code-hint${input.error ? ' form-error' : ''}" ${input.error ? html`aria-invalid="true"` : ''}>
  <p class="muted" id="code-hint">${STRINGS.codeHint}</p>
  <div class="actions"><button class="primary" type="submit">${STRINGS.verify}</button></div>
</form>` : ''}
${input.passkey ? html`<section class="alternative" aria-label="${STRINGS.passkeyHeading}"><p>${input.totp ? STRINGS.passkeyHeading : STRINGS.passkeyOnly}</p>${passkeyForm(input.passkey)}</section>` : ''}
<details ${input.recoveryOpen ? 'open' : ''}>
  <summary>${STRINGS.recoverySummary}</summary>
  <form method="post" action="${base}/second-factor" novalidate>
    ${hidden(input)}
    <input type="hidden" name="method" value="recovery">
    <label for="recovery">${STRINGS.recoveryLabel}</label>
    <input id="recovery" name="code" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="40" aria-describedby="recovery-hint">
    <p class="muted" id="recovery-hint">${STRINGS.recoveryHint}</p>
    <div class="actions"><button class="secondary" type="submit">${STRINGS.recoverySubmit}</button></div>
  </form>
</details>
<form method="post" action="${base}/abort">
  <input type="hidden" name="csrf" value="${input.csrf}">
  <div class="actions"><button class="secondary" type="submit">${STRINGS.cancel(input.clientName)}</button></div>
</form>`,
  });
}

/** Setting up an authenticator app: the QR code, the key typed by hand, and a code to confirm. */
export function totpSetupSection(input: { action: string; fields: Record<string, string>; setup: TotpSetup; error?: string | undefined; submit: string }) {
  return html`
<p>${STRINGS.enrolScan}</p>
<img class="qr" src="${input.setup.qrDataUrl}" width="220" height="220" alt="${STRINGS.enrolQrAlt}">
<p>${STRINGS.enrolManual}</p>
<p class="secret">${input.setup.secret.match(/.{1,4}/g)!.join(' ')}</p>
${errorBox(input.error)}
<form method="post" action="${input.action}" novalidate>
  ${Object.entries(input.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  <label for="code">${STRINGS.enrolConfirm}</label>
  <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="12" required ${invalid(input.error)}>
  <div class="actions"><button class="primary" type="submit">${input.submit}</button></div>
</form>`;
}

export function enrolPage(input: Hidden & { uid: string; clientName: string; username: string; setup: TotpSetup; error?: string | undefined }): string {
  return layout({
    title: STRINGS.enrolTitle,
    body: html`
<h1>${STRINGS.enrolTitle}</h1>
<p>${STRINGS.enrolIntro(input.username)}</p>
${totpSetupSection({ action: `/interaction/${input.uid}/enrol`, fields: { csrf: input.csrf, ticket: input.ticket }, setup: input.setup, error: input.error, submit: STRINGS.enrolSubmit })}
<p class="muted">${STRINGS.enrolLater}</p>
<form method="post" action="/interaction/${input.uid}/abort">
  <input type="hidden" name="csrf" value="${input.csrf}">
  <div class="actions"><button class="secondary" type="submit">${STRINGS.cancel(input.clientName)}</button></div>
</form>`,
  });
}

/** The codes, once; `next` is where "continue" goes (a form, so the ticket is not in a URL). */
export function recoveryCodesSection(codes: readonly string[]) {
  return html`<p>${STRINGS.codesIntro}</p><ol class="codes">${codes.map((code) => html`<li><code>${code}</code></li>`)}</ol>`;
}

export function recoveryCodesPage(input: Hidden & { uid: string; codes: readonly string[] }): string {
  return layout({
    title: STRINGS.codesTitle,
    body: html`
<h1>${STRINGS.codesTitle}</h1>
${recoveryCodesSection(input.codes)}
<form method="post" action="/interaction/${input.uid}/continue">
  ${hidden(input)}
  <div class="actions"><button class="primary" type="submit" autofocus>${STRINGS.codesContinue}</button></div>
</form>`,
  });
}
