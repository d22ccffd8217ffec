// The device flow's pages (RFC 8628 §3.3): enter the code, confirm the device, done. Same
// layout and rules as the other Authorization UI pages: no scripts, real labels, errors
// announced. The forms carry oidc-provider's own xsrf token.
import { html } from './html.ts';
import { layout, type ScopeLine } from './views.ts';

const errorBox = (error: string | undefined) => (error ? html`<p class="error" id="form-error" role="alert">${error}</p>` : '');

export function deviceCodePage(input: { action: string; xsrf: string; userCode?: string | undefined; title?: string | undefined; notice?: string | undefined; error?: string | undefined }): string {
  const invalid = input.error ? html`aria-describedby="form-error" aria-invalid="true"` : '';
  return layout({
    title: input.title ?? 'Connect a device',
    body: html`
<h1>${input.title ?? 'Connect a device'}</h1>
${input.notice ? html`<p role="status">${input.notice}</p>` : ''}
<p>Enter the code your device shows. You will then sign in and choose whether to allow it.</p>
${errorBox(input.error)}
<form method="post" action="${input.action}" novalidate>
  <input type="hidden" name="xsrf" value="${input.xsrf}">
  <label for="user_code">Code from your device</label>
  <input id="user_code" name="user_code" class="user-code-input" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="e.g. BCDF-GHJK" maxlength="32" required autofocus value="${input.userCode ?? ''}" ${invalid}>
  <div class="actions">
    <button class="primary" type="submit">Continue</button>
  </div>
</form>`,
  });
}

export function deviceConfirmPage(input: { action: string; xsrf: string; userCode: string; clientName: string; scopes: ScopeLine[]; identity: boolean; offline: boolean; from?: string | undefined }): string {
  const describe = (scope: ScopeLine) => html`<li>${scope.description || html`Use the permission <code>${scope.name}</code>`}</li>`;
  return layout({
    title: `Connect ${input.clientName}?`,
    body: html`
<h1>Connect <strong>${input.clientName}</strong>?</h1>
<p>Check that your device shows exactly this code:</p>
<p class="user-code">${input.userCode}</p>
${input.scopes.length || input.identity || input.offline ? html`<p>The device asks to:</p>
<ul class="scopes">
  ${input.identity ? html`<li>Know who you are (your username and roles)</li>` : ''}
  ${input.scopes.map(describe)}
  ${input.offline ? html`<li>Stay connected until you revoke access</li>` : ''}
</ul>` : ''}
${input.from ? html`<p class="muted">The request came from the address ${input.from}.</p>` : ''}
<p class="muted">If you did not start this on a device of yours, or the code differs, choose Deny.</p>
<form method="post" action="${input.action}">
  <input type="hidden" name="xsrf" value="${input.xsrf}">
  <input type="hidden" name="user_code" value="${input.userCode}">
  <div class="actions">
    <button class="primary" type="submit" name="confirm" value="yes" autofocus>Continue</button>
    <button class="secondary" type="submit" name="abort" value="yes">Deny</button>
  </div>
</form>`,
  });
}

export function deviceDonePage(input: { clientName: string; username: string | undefined; scopes: ScopeLine[] }): string {
  return layout({
    title: 'Device connected',
    body: html`
<h1>Device connected</h1>
<p role="status"><strong>${input.clientName}</strong> is now connected${input.username ? html` as <strong>${input.username}</strong>` : ''}.</p>
${input.scopes.length ? html`<p>It may:</p><ul class="scopes">${input.scopes.map((scope) => html`<li>${scope.description || html`Use the permission <code>${scope.name}</code>`}</li>`)}</ul>` : ''}
<p class="muted">You can close this page and go back to the device.</p>`,
  });
}
