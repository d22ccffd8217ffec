// Every fixed path the hub serves, asked with every method: what it serves is never 404 or 405,
// and anything else is 405 with an Allow header naming exactly what it serves (RFC 9110 §15.5.6).
import { describe, expect, it } from 'vitest';
import { startHubForFile } from '../../support/hub.ts';

/** What each path serves, written from the standards and the README, not from the code. */
const SERVES: Record<string, string> = {
  '/authorize': 'GET, HEAD, POST',
  '/v2/oauth2/authorize': 'GET, HEAD, POST',
  '/v2/oauth2/dialog': 'GET, HEAD, POST',
  '/token': 'POST, OPTIONS',
  '/v2/oauth2/token': 'POST, OPTIONS',
  '/userinfo': 'GET, HEAD, POST, OPTIONS',
  '/introspect': 'POST, OPTIONS',
  '/revoke': 'POST, OPTIONS',
  '/jwks': 'GET, HEAD, OPTIONS',
  '/logout': 'GET, HEAD, POST',
  '/logout/confirm': 'POST',
  '/logout/success': 'GET, HEAD',
  '/device/auth': 'POST, OPTIONS',
  '/device': 'GET, HEAD, POST',
  '/.well-known/openid-configuration': 'GET, HEAD, OPTIONS',
  '/.well-known/oauth-authorization-server': 'GET, HEAD, OPTIONS',
  '/v2/ping': 'GET, HEAD',
  '/v2/users/me': 'GET, HEAD, OPTIONS',
  '/api/me': 'GET, HEAD, OPTIONS',
  '/api/users': 'POST, OPTIONS',
  '/console/api/status.get': 'POST',
  '/console/api/events': 'GET, HEAD',
};
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** A POST with an (empty) form; an OPTIONS as the CORS preflight it is in practice. */
const requestFor = (method: string): RequestInit =>
  method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' }
  : method === 'OPTIONS' ? { headers: { origin: 'http://panel.example.test', 'access-control-request-method': 'POST' } }
  : {};
const sameSet = (header: string | null) => (header ?? '').split(/,\s*/).filter(Boolean).sort();

const t = startHubForFile();

describe('405 Method Not Allowed', () => {
  it('answers each path\'s methods, and 405 with Allow for the rest', async () => {
    const seen: string[] = [];
    for (const [path, serves] of Object.entries(SERVES)) {
      const allowed = serves.split(', ');
      for (const method of METHODS) {
        const response = await fetch(`${t.url}${path}`, { method, redirect: 'manual', ...requestFor(method) });
        await response.arrayBuffer();
        if (allowed.includes(method)) {
          seen.push(`${method} ${path} ${[404, 405].includes(response.status) ? response.status : 'served'}`);
        } else {
          seen.push(`${method} ${path} ${response.status} ${sameSet(response.headers.get('allow')).join(',')}`);
        }
      }
    }
    const expected = Object.entries(SERVES).flatMap(([path, serves]) =>
      METHODS.map((method) => (serves.split(', ').includes(method) ? `${method} ${path} served` : `${method} ${path} 405 ${sameSet(serves).join(',')}`)));
    expect(seen).toEqual(expected);
  });

  it('says what to use instead, and the provider\'s own 404 stays for paths that do not exist', async () => {
    const response = await fetch(`${t.url}/token`, { method: 'GET' });
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await response.json()).toEqual({ error: 'invalid_request', error_description: '/token accepts POST, OPTIONS, not GET.' });
    expect((await fetch(`${t.url}/no-such-endpoint`, { method: 'PUT' })).status).toBe(404);
    expect((await fetch(`${t.url}/console/api/no.such.operation`, { method: 'POST' })).status).toBe(404);
  });
});
