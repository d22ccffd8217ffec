// The hub's pages speak the reader's language: the language cookie (set by the language links)
// first, then Accept-Language, else English; OAuth error codes stay English.
import { describe, expect, it } from 'vitest';
import { FormBrowser } from '../../support/browser.ts';
import { startHubForTest } from '../../support/hub.ts';

async function signInPage(language: string | undefined, cookie?: string) {
  const t = await startHubForTest();
  const client = await t.addClient({ kind: 'web', name: 'Wiki', grants: ['authorization_code'], redirectUris: ['http://wiki.test/cb'] });
  const browser = new FormBrowser(t.url);
  if (cookie) browser.jar.set('lanyard_lang', cookie);
  const headers: Record<string, string> = language ? { 'accept-language': language } : {};
  const url = `${t.issuer}/authorize?${new URLSearchParams({ client_id: client.clientId, response_type: 'code', redirect_uri: 'http://wiki.test/cb', scope: 'openid', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`;
  let page = await browser.request(url, { headers });
  while (page.location && page.location.startsWith(t.url)) page = await browser.request(page.location, { headers });
  return { t, browser, page, headers };
}

describe('language of the hub pages', () => {
  it('is Spanish for Accept-Language: es, with the form and the language link', async () => {
    const { page } = await signInPage('es-MX,es;q=0.9,en;q=0.5');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="es">');
    expect(page.html).toContain('<h1>Iniciar sesión</h1>');
    expect(page.html).toContain('<label for="username">Nombre de usuario</label>');
    expect(page.html).toContain('para continuar a <strong>Wiki</strong>');
    expect(page.html).toMatch(/<a href="\/interaction-assets\/language\/en\?return=%2Finteraction%2F[^"]+" hreflang="en" lang="en">English<\/a>/);
  });

  it('is English for Accept-Language: en, for a language the hub does not have, and without the header', async () => {
    for (const language of ['en-US,en;q=0.9', 'de-DE,de;q=0.9,fr;q=0.8', undefined]) {
      const { page } = await signInPage(language);
      expect(page.html, String(language)).toContain('<html lang="en">');
      expect(page.html).toContain('<h1>Sign in</h1>');
      expect(page.html).toContain('hreflang="es" lang="es">Español</a>');
    }
  });

  it('says why sign-in failed in Spanish, and keeps the OAuth error code English', async () => {
    const { t, browser, page, headers } = await signInPage('es');
    const action = new URL(FormBrowser.action(page.html, '/login'), t.url).href;
    const failed = await browser.request(action, { form: { csrf: FormBrowser.csrf(page.html), username: 'nobody', password: 'x' }, headers });
    expect(failed.html).toContain('El nombre de usuario o la contraseña no son correctos.');
    const error = await fetch(`${t.issuer}/authorize?client_id=nobody&response_type=code`, { headers });
    const body = await error.text();
    expect(body).toContain('Código de error: invalid_client');
  });

  it('remembers a choice made with the language links, over Accept-Language', async () => {
    const { t, browser, page, headers } = await signInPage('en');
    const link = /href="(\/interaction-assets\/language\/es\?[^"]+)"/.exec(page.html)![1]!.replaceAll('&amp;', '&');
    const chosen = await browser.request(new URL(link, t.url).href, { headers });
    expect(chosen.status).toBe(303);
    expect(new URL(chosen.location!).pathname).toMatch(/^\/interaction\//);
    expect(browser.jar.get('lanyard_lang')).toBe('es');
    const again = await browser.request(chosen.location!, { headers });
    expect(again.html).toContain('<h1>Iniciar sesión</h1>');
  });

  it('takes the cookie only for a language it has, and never redirects off the hub', async () => {
    const { page } = await signInPage('es', 'xx');
    expect(page.html).toContain('<html lang="es">');
    const t = await startHubForTest();
    const browser = new FormBrowser(t.url);
    for (const target of ['//evil.test/', 'https://evil.test/', '/\\evil.test']) {
      const answer = await browser.request(`${t.url}/interaction-assets/language/es?${new URLSearchParams({ return: target })}`);
      expect(answer.location, target).toBe(`${t.url}/`);
    }
    expect((await browser.request(`${t.url}/interaction-assets/language/xx`)).status).toBe(404);
  });
});
