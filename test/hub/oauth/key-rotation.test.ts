// `lanyard keys rotate` on a real hub: the new signing key signs, the old one stays in the
// JWKS (verify only) so ID tokens already issued still verify, and browser sessions signed
// with the old cookie key stay signed in.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormBrowser } from '../../support/browser.ts';
import { insecure, removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'lanyard.js');
const REDIRECT = 'https://planner.example.test/cb';
let t: TestHub;
beforeAll(async () => {
  t = await startHub();
  await t.addUser('alice', 'alice-password-1', []);
});
afterAll(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

const lanyard = (...args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args, '--data', t.dataDir, '--json'], { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`lanyard ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as { signingKeys: { kid: string; current: boolean; retiresAt: string | null }[]; masterKeyId: string; cookieKeys: number };
};
const kidOf = (jwt: string) => (JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

async function signIn(browser: FormBrowser, clientId: string): Promise<{ idToken: string; prompted: boolean }> {
  const verifier = oauth.generateRandomCodeVerifier();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(t.as.authorization_endpoint!);
  url.search = new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', nonce, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' }).toString();
  const prompted = !(await browser.follow(url.href)).location; // a login page, or straight back to the app
  const { finalUrl } = await browser.authorize(url.href, { username: 'alice', password: 'alice-password-1' });
  const callback = oauth.validateAuthResponse(t.as, { client_id: clientId }, new URL(finalUrl), oauth.expectNoState);
  const response = await oauth.authorizationCodeGrantRequest(t.as, { client_id: clientId }, oauth.None(), callback, REDIRECT, verifier, insecure);
  const tokens = await oauth.processAuthorizationCodeResponse(t.as, { client_id: clientId }, response, { expectedNonce: nonce, requireIdToken: true });
  return { idToken: tokens.id_token!, prompted };
}

describe('keys rotate', () => {
  it('signs with the new key, publishes the old one for verifying, and keeps sessions signed in', async () => {
    const spa = await t.addClient({ public: true, grants: ['authorization_code'], redirectUris: [REDIRECT], firstParty: true });
    const browser = new FormBrowser(new URL(t.issuer).origin);
    const before = await signIn(browser, spa.clientId);
    expect(before.prompted).toBe(true);
    const shown = lanyard('keys', 'show');
    expect(shown.signingKeys).toEqual([expect.objectContaining({ kid: kidOf(before.idToken), current: true, retiresAt: null })]);

    const rotated = lanyard('keys', 'rotate');
    const [fresh, old] = rotated.signingKeys;
    expect(old).toMatchObject({ kid: kidOf(before.idToken), current: false, retiresAt: expect.any(String) });
    expect(rotated.cookieKeys).toBe(2);
    expect(JSON.stringify(rotated)).not.toMatch(/"d":|"n":/); // ids and dates only

    t = await t.restart();
    const jwks = (await (await fetch(`${t.url}/jwks`)).json()) as { keys: { kid: string; key_ops?: string[]; d?: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual([fresh!.kid, old!.kid]);
    expect(jwks.keys[1]!.key_ops).toEqual(['verify']);
    expect(jwks.keys.some((key) => key.d)).toBe(false);

    // The browser's session cookie was signed with the old key: still signed in, no login page.
    const same = new FormBrowser(new URL(t.issuer).origin); // the hub came back on another port
    for (const [name, value] of browser.jar) same.jar.set(name, value);
    const after = await signIn(same, spa.clientId);
    expect(after.prompted).toBe(false);
    expect(kidOf(after.idToken)).toBe(fresh!.kid);
  });
});
