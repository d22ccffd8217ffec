// The account page: each user's own view of their password, second factors, the applications
// and devices holding tokens for them, and their personal access tokens. Server-rendered like the
// sign-in pages: plain forms that work without JavaScript (passkeys alone need it). Every
// sentence is in STRINGS, read from the shared catalogs (shared/i18n/) in the request's language.
import type { PersonalToken, User } from '../../../shared/admin-contract.ts';
import type { TotpSetup } from '../factors/enrolment.ts';
import { html, type SafeHtml } from '../oauth/interactions/html.ts';
import { passkeyForm, type PasskeyBlock } from '../oauth/interactions/passkey-form.ts';
import { recoveryCodesSection, totpSetupSection } from '../oauth/interactions/second-factor-views.ts';
import { layout } from '../oauth/interactions/views.ts';
import { t } from '../i18n/translate.ts';
import type { MessageKey } from '../../../shared/i18n/catalogs.ts';
import type { Passkey } from '../store/factors.ts';
import type { Holding } from '../store/holdings.ts';

const a = (key: string) => t(`pages.account.${key}` as MessageKey);

/** Every sentence of the account pages, from the shared catalogs in the request's language. */
export const STRINGS = {
  get title() { return a('title'); },
  signedInAs: (username: string, roles: string) => (roles ? t('pages.account.signedInAsRoles', { username, roles }) : t('pages.account.signedInAs', { username })),
  get signOut() { return a('signOut'); },
  get passwordHeading() { return a('passwordHeading'); },
  get currentPassword() { return a('currentPassword'); },
  get newPassword() { return a('newPassword'); },
  get repeatPassword() { return a('repeatPassword'); },
  passwordConfirm: (tokens: number) => t('pages.account.passwordConfirm', { count: tokens }),
  get changePassword() { return a('changePassword'); },
  get factorsHeading() { return a('factorsHeading'); },
  get required() { return a('required'); },
  get notRequired() { return a('notRequired'); },
  get totpHeading() { return a('totpHeading'); },
  get totpOn() { return a('totpOn'); },
  get totpOff() { return a('totpOff'); },
  get totpSetup() { return a('totpSetup'); },
  get totpRemove() { return a('totpRemove'); },
  get removeConfirm() { return a('removeConfirm'); },
  get passkeysHeading() { return a('passkeysHeading'); },
  get passkeysNone() { return a('passkeysNone'); },
  get passkeyName() { return a('passkeyName'); },
  get passkeyNameHint() { return a('passkeyNameHint'); },
  get passkeyAdd() { return a('passkeyAdd'); },
  passkeyWorksAt: (rpId: string) => t('pages.account.passkeyWorksAt', { rpId }),
  passkeyRemove: (name: string) => t('pages.account.passkeyRemove', { name }),
  get recoveryHeading() { return a('recoveryHeading'); },
  recoveryLeft: (left: number) => t('pages.account.recoveryLeft', { count: left }),
  get recoveryNone() { return a('recoveryNone'); },
  get recoveryNew() { return a('recoveryNew'); },
  get recoveryNewConfirm() { return a('recoveryNewConfirm'); },
  get holdingsHeading() { return a('holdingsHeading'); },
  get holdingsIntro() { return a('holdingsIntro'); },
  get holdingsNone() { return a('holdingsNone'); },
  get thisPage() { return a('thisPage'); },
  columns: {
    get name() { return a('columnName'); },
    get lastUsed() { return a('columnLastUsed'); },
    get scopes() { return a('columnScopes'); },
    get expires() { return a('columnExpires'); },
  },
  get lastUsedShort() { return a('lastUsedShort'); },
  get expiresShort() { return a('expiresShort'); },
  get revoke() { return a('revoke'); },
  revokeNamed: (name: string) => t('pages.account.revokeNamed', { name }),
  get patHeading() { return a('patHeading'); },
  get patIntro() { return a('patIntro'); },
  get patNone() { return a('patNone'); },
  get patName() { return a('columnName'); },
  get patScopes() { return a('patScopes'); },
  get patNoScopes() { return a('patNoScopes'); },
  get patExpiry() { return a('columnExpires'); },
  get patNever() { return a('patNever'); },
  get patNeverWarning() { return a('patNeverWarning'); },
  get patCreate() { return a('patCreate'); },
  get never() { return a('never'); },
  get notUsed() { return a('notUsed'); },
  get patShownTitle() { return a('patShownTitle'); },
  get patShownIntro() { return a('patShownIntro'); },
  get back() { return a('back'); },
  get setupTitle() { return a('totpSetup'); },
  get setupSubmit() { return a('setupSubmit'); },
  get codesTitle() { return a('codesTitle'); },
  get signInFailed() { return a('signInFailed'); },
  get signInAgain() { return a('signInAgain'); },
  expiry: (seconds: (typeof EXPIRY_CHOICES)[number]) => a(({ '604800': 'expiry7d', '2592000': 'expiry30d', '7776000': 'expiry90d', '31536000': 'expiry1y', '': 'patNever' } as const)[seconds]),
  notices: {
    password: (revoked: number) => t('pages.account.noticePassword', { count: revoked }),
    get totp() { return a('noticeTotp'); },
    get 'totp-removed'() { return a('noticeTotpRemoved'); },
    get passkey() { return a('noticePasskey'); },
    get 'passkey-removed'() { return a('noticePasskeyRemoved'); },
    revoked: (count: number) => t('pages.account.noticeRevoked', { count }),
  },
};

/** The expiry choices for new personal tokens, in seconds ('' is none). */
const EXPIRY_CHOICES = ['604800', '2592000', '7776000', '31536000', ''] as const;

const when = (value: string | null, fallback: string) => (value ? new Date(value).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : fallback);
const box = (kind: 'error' | 'ok', text: string | undefined) => (text ? html`<p class="${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${text}</p>` : '');
const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

function post(action: string, csrf: string, label: string, fields: Record<string, string> = {}, confirm?: string): SafeHtml {
  return html`<form method="post" action="${action}">${csrfField(csrf)}${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
${confirm ? html`<label class="check"><input type="checkbox" name="confirm" value="yes" required> ${confirm}</label>` : ''}
<button class="secondary" type="submit">${label}</button></form>`;
}

export type OverviewModel = {
  user: User;
  csrf: string;
  notice?: string | undefined;
  error?: string | undefined;
  required: boolean;
  totp: boolean;
  passkeys: Passkey[];
  recoveryLeft: number;
  passkey: PasskeyBlock;
  holdings: Holding[];
  sessionGrantId: string;
  personalTokens: PersonalToken[];
  scopes: string[];
  tokensElsewhere: number;
};

function passwordSection(model: OverviewModel) {
  return html`
<section aria-labelledby="password-heading">
<h2 id="password-heading">${STRINGS.passwordHeading}</h2>
<form method="post" action="/account/password">
  ${csrfField(model.csrf)}
  <input type="text" name="username" autocomplete="username" value="${model.user.username}" hidden>
  <label for="current">${STRINGS.currentPassword}</label>
  <input id="current" name="current" type="password" autocomplete="current-password" required>
  <label for="password">${STRINGS.newPassword}</label>
  <input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required>
  <label for="repeat">${STRINGS.repeatPassword}</label>
  <input id="repeat" name="repeat" type="password" autocomplete="new-password" minlength="8" required>
  <label class="check"><input type="checkbox" name="confirm" value="yes" required> ${STRINGS.passwordConfirm(model.tokensElsewhere)}</label>
  <div class="actions"><button class="primary" type="submit">${STRINGS.changePassword}</button></div>
</form>
</section>`;
}

function factorsSection(model: OverviewModel) {
  return html`
<section aria-labelledby="factors-heading">
<h2 id="factors-heading">${STRINGS.factorsHeading}</h2>
<p class="muted">${model.required ? STRINGS.required : STRINGS.notRequired}</p>
<h3>${STRINGS.totpHeading}</h3>
<p>${model.totp ? STRINGS.totpOn : STRINGS.totpOff}</p>
${model.totp ? html`<details><summary>${STRINGS.totpRemove}</summary>${post('/account/totp/remove', model.csrf, STRINGS.totpRemove, {}, STRINGS.removeConfirm)}</details>` : post('/account/totp/setup', model.csrf, STRINGS.totpSetup)}
<h3>${STRINGS.passkeysHeading}</h3>
${model.passkeys.length ? html`<ul>${model.passkeys.map((passkey) => html`<li><strong>${passkey.name}</strong> <span class="muted">(${STRINGS.passkeyWorksAt(passkey.rpId)}; ${STRINGS.lastUsedShort}: ${when(passkey.lastUsedAt, STRINGS.notUsed)})</span>
  ${post('/account/passkeys/remove', model.csrf, STRINGS.passkeyRemove(passkey.name), { credentialId: passkey.credentialId })}</li>`)}</ul>` : html`<p>${STRINGS.passkeysNone}</p>`}
${passkeyForm(model.passkey)}
<h3>${STRINGS.recoveryHeading}</h3>
<p>${model.recoveryLeft || model.totp || model.passkeys.length ? STRINGS.recoveryLeft(model.recoveryLeft) : STRINGS.recoveryNone}</p>
${model.totp || model.passkeys.length ? html`<details><summary>${STRINGS.recoveryNew}</summary>${post('/account/recovery-codes', model.csrf, STRINGS.recoveryNew, {}, STRINGS.recoveryNewConfirm)}</details>` : ''}
</section>`;
}

function holdingsSection(model: OverviewModel) {
  const rows = model.holdings.filter((holding) => !holding.personalName);
  return html`
<section aria-labelledby="holdings-heading">
<h2 id="holdings-heading">${STRINGS.holdingsHeading}</h2>
<p class="muted">${STRINGS.holdingsIntro}</p>
${rows.length ? html`<table><thead><tr><th scope="col">${STRINGS.columns.name}</th><th scope="col">${STRINGS.columns.lastUsed}</th><th scope="col">${STRINGS.columns.scopes}</th><th scope="col"><span class="muted">${STRINGS.revoke}</span></th></tr></thead><tbody>
${rows.map((holding) => html`<tr><td>${holding.clientName}${holding.grantId === model.sessionGrantId ? html` <span class="muted">${STRINGS.thisPage}</span>` : ''}</td><td>${when(holding.lastUsedAt, STRINGS.notUsed)}</td><td>${holding.scopes.join(' ') || '–'}</td>
<td>${holding.grantId === model.sessionGrantId ? '' : post('/account/holdings/revoke', model.csrf, STRINGS.revokeNamed(holding.clientName), { grantId: holding.grantId })}</td></tr>`)}
</tbody></table>` : html`<p>${STRINGS.holdingsNone}</p>`}
</section>`;
}

function personalTokensSection(model: OverviewModel) {
  return html`
<section aria-labelledby="pat-heading">
<h2 id="pat-heading">${STRINGS.patHeading}</h2>
<p class="muted">${STRINGS.patIntro}</p>
${model.personalTokens.length ? html`<table><thead><tr><th scope="col">${STRINGS.columns.name}</th><th scope="col">${STRINGS.columns.scopes}</th><th scope="col">${STRINGS.columns.expires}</th><th scope="col">${STRINGS.columns.lastUsed}</th><th scope="col"><span class="muted">${STRINGS.revoke}</span></th></tr></thead><tbody>
${model.personalTokens.map((token) => html`<tr><td>${token.name}</td><td>${token.scope}</td><td>${when(token.expiresAt, STRINGS.never)}</td><td>${when(token.lastUsedAt, STRINGS.notUsed)}</td><td>${post('/account/tokens/revoke', model.csrf, STRINGS.revokeNamed(token.name), { id: token.id })}</td></tr>`)}
</tbody></table>` : html`<p>${STRINGS.patNone}</p>`}
${model.scopes.length ? html`
<form method="post" action="/account/tokens">
  ${csrfField(model.csrf)}
  <label for="pat-name">${STRINGS.patName}</label>
  <input id="pat-name" name="name" type="text" maxlength="100" required>
  <fieldset><legend>${STRINGS.patScopes}</legend>
  ${model.scopes.map((scope, index) => html`<label class="check"><input type="checkbox" name="scope.${index}" value="${scope}"> <code>${scope}</code></label>`)}
  </fieldset>
  <label for="pat-expiry">${STRINGS.patExpiry}</label>
  <select id="pat-expiry" name="expiresIn" aria-describedby="pat-never">
    ${EXPIRY_CHOICES.map((value) => html`<option value="${value}" ${value === '2592000' ? 'selected' : ''}>${STRINGS.expiry(value)}</option>`)}
  </select>
  <p class="muted" id="pat-never">${STRINGS.patNeverWarning}</p>
  <div class="actions"><button class="primary" type="submit">${STRINGS.patCreate}</button></div>
</form>` : html`<p class="muted">${STRINGS.patNoScopes}</p>`}
</section>`;
}

export function overviewPage(model: OverviewModel): string {
  return layout({
    title: STRINGS.title,
    wide: true,
    body: html`
<h1>${STRINGS.title}</h1>
<p>${STRINGS.signedInAs(model.user.username, model.user.roles.join(', '))}</p>
${post('/account/sign-out', model.csrf, STRINGS.signOut)}
${box('ok', model.notice)}
${box('error', model.error)}
${passwordSection(model)}
${factorsSection(model)}
${holdingsSection(model)}
${personalTokensSection(model)}`,
  });
}

const backLink = html`<p><a href="/account">${STRINGS.back}</a></p>`;

export function totpSetupPage(input: { csrf: string; setup: TotpSetup; error?: string | undefined }): string {
  return layout({
    title: STRINGS.setupTitle,
    body: html`<h1>${STRINGS.setupTitle}</h1>
${totpSetupSection({ action: '/account/totp/confirm', fields: { csrf: input.csrf }, setup: input.setup, error: input.error, submit: STRINGS.setupSubmit })}
${backLink}`,
  });
}

export function recoveryCodesShownPage(input: { codes: readonly string[]; notice?: string | undefined }): string {
  return layout({ title: STRINGS.codesTitle, body: html`<h1>${STRINGS.codesTitle}</h1>${box('ok', input.notice)}${recoveryCodesSection(input.codes)}${backLink}` });
}

export function personalTokenShownPage(input: { token: string; name: string; scope: string; expiresAt: string | null }): string {
  return layout({
    title: STRINGS.patShownTitle,
    body: html`<h1>${STRINGS.patShownTitle}</h1>
<p role="status">${STRINGS.patShownIntro}</p>
<p><strong>${input.name}</strong>: <code>${input.scope}</code>; ${STRINGS.expiresShort} ${when(input.expiresAt, STRINGS.never)}</p>
<label for="token">${STRINGS.patShownTitle}</label>
<input id="token" type="text" readonly value="${input.token}" class="secret">
${input.expiresAt ? '' : html`<p class="warning">${STRINGS.patNeverWarning}</p>`}
${backLink}`,
  });
}

export function signInFailedPage(): string {
  return layout({ title: STRINGS.title, body: html`<h1>${STRINGS.title}</h1><p role="alert">${STRINGS.signInFailed}</p><p><a href="/account">${STRINGS.signInAgain}</a></p>` });
}
