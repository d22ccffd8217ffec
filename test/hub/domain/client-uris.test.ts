// Which addresses a client may register (domain/client-uris.ts): each case is checked against
// the rule and against what oidc-provider itself accepts when it loads such a client, so the rule
// can neither refuse a client the provider would serve nor pass one it would break on.
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GrantName } from '../../../shared/admin-contract.ts';
import { checkClientUris, isNativeApplication, type ClientUris } from '../../../main/hub/domain/client-uris.ts';
import { RuleError } from '../../../main/hub/domain/errors.ts';
import { removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
const bare = new Provider('http://127.0.0.1:1', { jwks: { keys: [key as never] }, features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true }, backchannelLogout: { enabled: true } } });
const validate = (bare.Client as unknown as { validate(metadata: object): Promise<void> }).validate;

/** What oidc-provider says of the same client (code flow; the hub's implicit relaxations aside). */
async function providerAccepts(uris: ClientUris): Promise<boolean> {
  const metadata = {
    client_id: 'c', client_secret: 's'.repeat(32), grant_types: ['authorization_code'], response_types: ['code'],
    redirect_uris: uris.redirectUris, post_logout_redirect_uris: uris.postLogoutRedirectUris,
    application_type: isNativeApplication(uris.redirectUris) ? 'native' : 'web',
    ...(uris.backchannelLogoutUri ? { backchannel_logout_uri: uris.backchannelLogoutUri } : {}),
  };
  return validate(metadata).then(() => true, () => false);
}

const ruleSays = (uris: ClientUris): string => {
  try {
    checkClientUris(uris);
    return 'ok';
  } catch (error) {
    if (error instanceof RuleError) return `${error.field}: ${error.message}`;
    throw error;
  }
};

const code: GrantName[] = ['authorization_code'];
const web = (postLogoutRedirectUris: string[], backchannelLogoutUri: string | null = null): ClientUris => ({ grants: code, redirectUris: ['https://app.local/cb'], postLogoutRedirectUris, backchannelLogoutUri });
const native = (redirectUris: string[], postLogoutRedirectUris: string[] = []): ClientUris => ({ grants: code, redirectUris: ['com.example.app:/cb', ...redirectUris], postLogoutRedirectUris, backchannelLogoutUri: null });

describe('checkClientUris', () => {
  const cases: [string, ClientUris, RegExp | 'ok'][] = [
    ['a web app returning to its own site', web(['https://app.local/bye', 'http://192.168.1.20/bye']), 'ok'],
    ['a web app with a back-channel URI on the LAN', web([], 'http://192.168.1.20:8080/backchannel'), 'ok'],
    ['a web app sent to an app scheme after sign-out', web(['com.example.app:/bye']), /^postLogoutRedirectUris: .*web application must be an http/],
    ['a native app returning to its scheme or to loopback', native([], ['com.example.app:/bye', 'http://127.0.0.1:4000/bye']), 'ok'],
    ['a native app returning to a LAN address over http', native([], ['http://192.168.1.20/bye']), /^postLogoutRedirectUris: .*only on the device itself/],
    ['a native app with https on loopback', native([], ['https://localhost/bye']), /^postLogoutRedirectUris: .*must not be https/],
    ['a native app with a javascript: post-logout URI', native([], ['javascript:alert(1)']), /^postLogoutRedirectUris: .*javascript:/],
    ['a native app with an http LAN redirect URI', native(['http://192.168.1.20/cb']), /^redirectUris: .*only on the device itself/],
  ];
  for (const [name, uris, expected] of cases) {
    it(`${name}: ${expected === 'ok' ? 'accepted' : 'refused'}, as oidc-provider would`, async () => {
      const said = ruleSays(uris);
      if (expected === 'ok') expect(said).toBe('ok');
      else expect(said).toMatch(expected);
      expect(await providerAccepts(uris)).toBe(expected === 'ok');
    });
  }

  it('keeps sign-out addresses for applications that sign people in through the browser', () => {
    const service = { grants: ['client_credentials'] as GrantName[], redirectUris: [], postLogoutRedirectUris: [], backchannelLogoutUri: null };
    expect(ruleSays(service)).toBe('ok');
    expect(ruleSays({ ...service, postLogoutRedirectUris: ['https://app.local/bye'] })).toMatch(/^postLogoutRedirectUris: .*sign users in through the browser/);
    expect(ruleSays({ ...service, backchannelLogoutUri: 'https://app.local/bc' })).toMatch(/^backchannelLogoutUri: .*sign users in through the browser/);
    expect(ruleSays({ ...service, grants: ['implicit'], redirectUris: ['http://tablet.local/cb'], postLogoutRedirectUris: ['http://tablet.local/bye'] })).toBe('ok');
  });
});

describe('through the admin contract', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startHub();
  });
  afterAll(async () => {
    await t.stop();
    removeDataDir(t.dataDir);
  });
  const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: { error?: unknown }) => error.error);

  it('stores the addresses, changes and removes them, and refuses what the rules refuse with the field named', async () => {
    const { client } = await t.run('clients.create', { kind: 'web', name: 'Planner', grants: ['authorization_code'], redirectUris: ['https://app.local/cb'], postLogoutRedirectUris: ['https://app.local/bye', 'https://app.local/bye'], backchannelLogoutUri: 'http://192.168.1.20/bc' });
    expect(client).toMatchObject({ postLogoutRedirectUris: ['https://app.local/bye'], backchannelLogoutUri: 'http://192.168.1.20/bc' });
    const changed = await t.run('clients.update', { clientId: client.clientId, postLogoutRedirectUris: ['https://app.local/bye', 'https://app.lan/bye'], backchannelLogoutUri: null });
    expect(changed).toMatchObject({ postLogoutRedirectUris: ['https://app.local/bye', 'https://app.lan/bye'], backchannelLogoutUri: null });
    expect(await t.run('clients.get', { clientId: client.clientId })).toMatchObject({ postLogoutRedirectUris: ['https://app.local/bye', 'https://app.lan/bye'], backchannelLogoutUri: null });

    expect(await refusal(t.run('clients.update', { clientId: client.clientId, postLogoutRedirectUris: ['https://app.local/bye#x'] }))).toMatchObject({ code: 'invalid_input', fields: { 'postLogoutRedirectUris.0': expect.stringContaining('without a fragment') } });
    expect(await refusal(t.run('clients.update', { clientId: client.clientId, backchannelLogoutUri: 'ftp://app.local/bc' }))).toMatchObject({ code: 'invalid_input', fields: { backchannelLogoutUri: expect.stringContaining('http:// or https://') } });
    expect(await refusal(t.run('clients.update', { clientId: client.clientId, postLogoutRedirectUris: ['com.example.app:/bye'] }))).toMatchObject({ code: 'invalid_input', fields: { postLogoutRedirectUris: expect.stringContaining('web application') } });
    expect(await refusal(t.run('clients.create', { kind: 'service', name: 'Backup', grants: ['client_credentials'], backchannelLogoutUri: 'https://backup.local/bc' }))).toMatchObject({ code: 'invalid_input', fields: { backchannelLogoutUri: expect.any(String) } });
    // Taking the browser grant away takes the sign-out addresses' reason away too.
    expect(await refusal(t.run('clients.update', { clientId: client.clientId, grants: ['client_credentials'], redirectUris: [] }))).toMatchObject({ fields: { postLogoutRedirectUris: expect.any(String) } });
  });
});
