// The device flow's pages (RFC 8628 §3.3): enter the code, confirm the device, done. Same
// layout and rules as the other Authorization UI pages: no scripts, real labels, errors
// announced, sentences from the shared catalogs. The forms carry oidc-provider's own xsrf token.
import { t, tHtml } from '../../i18n/translate.ts';
import { html } from './html.ts';
import { decisionButtons, describeScope, layout, type ScopeLine } from './views.ts';

const errorBox = (error: string | undefined) => (error ? html`<p class="error" id="form-error" role="alert">${error}</p>` : '');

export function deviceCodePage(input: { action: string; xsrf: string; userCode?: string | undefined; title?: string | undefined; notice?: string | undefined; error?: string | undefined }): string {
  const invalid = input.error ? html`aria-describedby="form-error" aria-invalid="true"` : '';
  const title = input.title ?? t('pages.device.title');
  return layout({
    title,
    body: html`
<h1>${title}</h1>
${input.notice ? html`<p role="status">${input.notice}</p>` : ''}
<p>${t('pages.device.enter')}</p>
${errorBox(input.error)}
<form method="post" action="${input.action}" novalidate>
  <input type="hidden" name="xsrf" value="${input.xsrf}">
  <label for="user_code">${t('pages.device.codeLabel')}</label>
  <input id="user_code" name="user_code" class="user-code-input" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="${t('pages.device.codePlaceholder')}" maxlength="32" required autofocus value="${input.userCode ?? ''}" ${invalid}>
  <div class="actions">
    <button class="primary" type="submit">${t('pages.device.continue')}</button>
  </div>
</form>`,
  });
}

export function deviceConfirmPage(input: { action: string; xsrf: string; userCode: string; clientName: string; scopes: ScopeLine[]; identity: boolean; offline: boolean; from?: string | undefined }): string {
  return layout({
    title: t('pages.device.confirmTitle', { client: input.clientName }),
    body: html`
<h1>${tHtml('pages.device.confirmHeading', { client: input.clientName })}</h1>
<p>${t('pages.device.check')}</p>
<p class="user-code">${input.userCode}</p>
${input.scopes.length || input.identity || input.offline ? html`<p>${t('pages.device.asks')}</p>
<ul class="scopes">
  ${input.identity ? html`<li>${t('pages.consent.identity')}</li>` : ''}
  ${input.scopes.map(describeScope)}
  ${input.offline ? html`<li>${t('pages.device.offline')}</li>` : ''}
</ul>` : ''}
${input.from ? html`<p class="muted">${t('pages.device.from', { address: input.from })}</p>` : ''}
<p class="muted">${t('pages.device.notYours')}</p>
<form method="post" action="${input.action}">
  <input type="hidden" name="xsrf" value="${input.xsrf}">
  <input type="hidden" name="user_code" value="${input.userCode}">
  ${decisionButtons({ name: 'confirm', value: 'yes', label: t('pages.device.continue') }, { name: 'abort', value: 'yes', label: t('pages.device.deny') })}
</form>`,
  });
}

export function deviceDonePage(input: { clientName: string; username: string | undefined; scopes: ScopeLine[] }): string {
  return layout({
    title: t('pages.device.doneTitle'),
    body: html`
<h1>${t('pages.device.doneTitle')}</h1>
<p role="status">${input.username ? tHtml('pages.device.connectedAs', { client: input.clientName, username: input.username }) : tHtml('pages.device.connected', { client: input.clientName })}</p>
${input.scopes.length ? html`<p>${t('pages.device.may')}</p><ul class="scopes">${input.scopes.map(describeScope)}</ul>` : ''}
<p class="muted">${t('pages.device.backToDevice')}</p>`,
  });
}
