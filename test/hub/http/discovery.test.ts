// Discovery says everything a client needs (OpenID Connect Discovery 1.0, RFC 8414, RP-Initiated
// and Back-Channel Logout), read through openid-client and oauth4webapi; and revocation's client
// policy is the hub's own, so oidc-provider prints no notice when it is used.
import * as oauth from 'oauth4webapi';
import * as client from 'openid-client';
import { describe, expect, it, vi } from 'vitest';
import { addResidentAlice, insecure, startHubForFile } from '../../support/hub.ts';

const t = startHubForFile(addResidentAlice);

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'];

describe('discovery', () => {
  it('names the auth methods of introspection and revocation, the end-session endpoint and back-channel logout, at both well-known paths', async () => {
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const metadata = (await (await fetch(`${t.url}${path}`)).json()) as Record<string, unknown>;
      expect(metadata, path).toMatchObject({
        introspection_endpoint: `${t.issuer}/introspect`,
        introspection_endpoint_auth_methods_supported: AUTH_METHODS,
        revocation_endpoint: `${t.issuer}/revoke`,
        revocation_endpoint_auth_methods_supported: AUTH_METHODS,
        token_endpoint_auth_methods_supported: AUTH_METHODS,
        end_session_endpoint: `${t.issuer}/logout`,
        backchannel_logout_supported: true,
        backchannel_logout_session_supported: true,
      });
      // Nothing announced that the hub does not do.
      expect(metadata.frontchannel_logout_supported).toBeUndefined();
      expect(metadata.pushed_authorization_request_endpoint).toBeUndefined();
    }
  });

  it('is what openid-client uses: it builds the end-session URL from it', async () => {
    const app = await t.addClient({ grants: ['authorization_code'], redirectUris: ['https://app.example.test/cb'] });
    const config = await client.discovery(new URL(t.issuer), app.clientId, undefined, client.ClientSecretBasic(app.secret!), { execute: [client.allowInsecureRequests] });
    const metadata = config.serverMetadata();
    expect(metadata.introspection_endpoint_auth_methods_supported).toEqual(AUTH_METHODS);
    expect(metadata.revocation_endpoint_auth_methods_supported).toEqual(AUTH_METHODS);
    const endSession = client.buildEndSessionUrl(config, { state: 's' });
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${t.issuer}/logout`);
    expect(Object.fromEntries(endSession.searchParams)).toEqual({ client_id: app.clientId, state: 's' });
  });
});

describe('revocation policy', () => {
  it('lets a client revoke its own tokens, refuses a confidential client another\'s, and prints no oidc-provider notice', async () => {
    const notices = [vi.spyOn(console, 'info'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'log')];
    try {
      const ownerApp = await t.addClient({ kind: 'first_party', grants: ['password'], scopes: ['lights:read'] });
      const other = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
      const spa = await t.addClient({ kind: 'spa', public: true, grants: ['authorization_code'], redirectUris: ['https://spa.example.test/'] });
      const owner = { client_id: ownerApp.clientId };
      const issue = async () => (await oauth.processGenericTokenEndpointResponse(t.as, owner, await oauth.genericTokenEndpointRequest(t.as, owner, oauth.ClientSecretBasic(ownerApp.secret!), 'password', new URLSearchParams({ username: 'alice', password: 'alice-password-1' }), insecure))).access_token;
      const active = async (token: string) => (await oauth.processIntrospectionResponse(t.as, owner, await oauth.introspectionRequest(t.as, owner, oauth.ClientSecretBasic(ownerApp.secret!), token, insecure))).active;

      const token = await issue();
      // Another confidential client is told no (RFC 7009 §2.1), and the token lives on.
      const refused = await oauth.revocationRequest(t.as, { client_id: other.clientId }, oauth.ClientSecretBasic(other.secret!), token, insecure);
      expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([400, 'invalid_request']);
      // A public client learns nothing: the same 200 as for an unknown token; the token lives on.
      const quiet = await oauth.revocationRequest(t.as, { client_id: spa.clientId, token_endpoint_auth_method: 'none' }, oauth.None(), token, insecure);
      expect(quiet.status).toBe(200);
      expect(await active(token)).toBe(true);
      // Its own client revokes it.
      await oauth.processRevocationResponse(await oauth.revocationRequest(t.as, owner, oauth.ClientSecretBasic(ownerApp.secret!), token, insecure));
      expect(await active(token)).toBe(false);
      for (let i = 0; i < 3; i++) await oauth.processRevocationResponse(await oauth.revocationRequest(t.as, owner, oauth.ClientSecretBasic(ownerApp.secret!), await issue(), insecure));

      const printed = notices.flatMap((spy) => spy.mock.calls.map((call) => call.map(String).join(' ')));
      expect(printed.filter((line) => line.includes('oidc-provider'))).toEqual([]);
    } finally {
      for (const spy of notices) spy.mockRestore();
    }
  });
});
