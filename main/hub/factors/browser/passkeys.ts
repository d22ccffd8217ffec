// The one script of the hub's own pages (bundled with @simplewebauthn/browser into
// dist/passkeys/passkeys.js by scripts/build-passkeys.mjs). It finds the passkey forms the server
// rendered (oauth/interactions/passkey-form.ts), shows them where the browser can use passkeys,
// and on a click asks the browser for a passkey with the options embedded in the form, puts the
// answer in the hidden `credential` field and submits the form. Everything else is the server's.
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';

function bind(form: HTMLFormElement): void {
  if (form.dataset.passkeyReady) return;
  form.dataset.passkeyReady = 'yes';
  const unsupported = form.nextElementSibling instanceof HTMLElement && form.nextElementSibling.hasAttribute('data-passkey-unsupported') ? form.nextElementSibling : null;
  if (!browserSupportsWebAuthn() || !window.isSecureContext) {
    if (unsupported) unsupported.hidden = false;
    return;
  }
  form.hidden = false;
  const button = form.querySelector<HTMLButtonElement>('[data-passkey-start]');
  const failure = form.querySelector<HTMLElement>('[data-passkey-error]');
  const field = form.querySelector<HTMLInputElement>('input[name="credential"]');
  if (!button || !field) return;
  button.addEventListener('click', async () => {
    if (failure) failure.hidden = true;
    button.disabled = true;
    try {
      const optionsJSON = JSON.parse(form.dataset.options ?? '{}');
      const answer = form.dataset.passkey === 'register' ? await startRegistration({ optionsJSON }) : await startAuthentication({ optionsJSON });
      field.value = JSON.stringify(answer);
      form.submit();
    } catch {
      if (failure) failure.hidden = false;
      button.disabled = false;
      button.focus();
    }
  });
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-passkey]')) bind(form);
