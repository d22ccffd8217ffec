// Where passkeys can work. WebAuthn needs a secure context (HTTPS, or http://localhost) and an
// RP ID that is a domain name, never an IP address; a passkey then works only at that name. The
// RP ID is the name the page was opened at, if it is one of the hub's own names (its issuer,
// localhost, the names on its certificate), so a passkey made at https://hub.local works there
// and one made at http://localhost on the hub's own machine works there.
import { isIP } from 'node:net';
import { t } from '../i18n/translate.ts';

export type RelyingParty = { id: string; origin: string; name: string };
export type PasskeyPlace = { available: true; rp: RelyingParty } | { available: false; reason: string };

const RP_NAME = 'Lanyard';

const isLocalhost = (hostname: string) => hostname === 'localhost' || hostname.endsWith('.localhost');

function hostnameOf(host: string): string {
  const url = URL.parse(`http://${host}`);
  return (url?.hostname ?? '').replace(/^\[|\]$/g, '').toLowerCase();
}

/**
 * Whether passkeys work on a page opened at `protocol://host`, and with which RP ID.
 * `hubNames` are the names the hub answers to (lowercase, without ports).
 */
export function passkeyPlace(request: { protocol: string; host: string }, hubNames: readonly string[]): PasskeyPlace {
  const hostname = hostnameOf(request.host);
  const port = URL.parse(`http://${request.host}`)?.port;
  if (isIP(hostname)) {
    const loopback = hostname === '127.0.0.1' || hostname === '::1';
    const named = loopback ? `${request.protocol}://localhost${port ? `:${port}` : ''}` : hubNames.find((name) => !isIP(name) && !isLocalhost(name));
    return { available: false, reason: named ? t('pages.factors.passkeyAddressOpen', { hostname, url: loopback ? named : `https://${named}` }) : t('pages.factors.passkeyAddress', { hostname }) };
  }
  if (request.protocol !== 'https' && !isLocalhost(hostname)) {
    return { available: false, reason: t('pages.factors.passkeyPlainHttp', { hostname }) };
  }
  if (!isLocalhost(hostname) && !hubNames.includes(hostname)) {
    return { available: false, reason: t('pages.factors.passkeyOtherName', { names: hubNames.join(', '), hostname }) };
  }
  return { available: true, rp: { id: hostname, origin: `${request.protocol}://${request.host}`, name: RP_NAME } };
}

/** The hub's names from its issuer and addresses (and certificate names), for passkeyPlace. */
export function hubNames(urls: readonly string[], extra: readonly string[] = []): string[] {
  const names = [...urls.map((url) => URL.parse(url)?.hostname ?? ''), ...extra].map((name) => name.replace(/^\[|\]$/g, '').toLowerCase());
  return [...new Set(names.filter((name) => name && !isIP(name)))];
}
