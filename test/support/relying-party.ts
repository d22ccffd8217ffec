// A relying party nobody here wrote: openid-client for the flows, jose for the logout tokens, and
// a real HTTP receiver on 127.0.0.1 for OpenID Back-Channel Logout.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import * as client from 'openid-client';

export const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** openid-client configured for a hub client (plain HTTP on loopback is allowed). */
export async function rpConfiguration(issuer: string, clientId: string, secret: string | null): Promise<client.Configuration> {
  const auth = secret ? client.ClientSecretBasic(secret) : client.None();
  return client.discovery(new URL(issuer), clientId, undefined, auth, { execute: [client.allowInsecureRequests] });
}

/** An authorization request with PKCE, state and nonce, and what is needed to finish it. */
export async function startSignIn(config: client.Configuration, redirectUri: string, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const checks = { pkceCodeVerifier: verifier, expectedState: client.randomState(), expectedNonce: client.randomNonce() };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    state: checks.expectedState,
    nonce: checks.expectedNonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url, finish: (callback: string) => client.authorizationCodeGrant(config, new URL(callback), checks) };
}

export type LogoutToken = JWTPayload & { sid?: string; events?: Record<string, unknown> };

/** A back-channel logout endpoint: verifies nothing itself, keeps every logout_token it was sent. */
export class BackchannelReceiver {
  readonly tokens: string[] = [];
  /** The status the receiver answers with (200 by default; 500 plays a broken app). */
  status = 200;
  #server: Server;
  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<BackchannelReceiver> {
    const server = createServer();
    const receiver = new BackchannelReceiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const token = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('logout_token');
        if (req.method === 'POST' && req.headers['content-type']?.startsWith('application/x-www-form-urlencoded') && token) receiver.tokens.push(token);
        res.writeHead(receiver.status, { 'cache-control': 'no-store' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/backchannel-logout`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/**
 * Verifies a logout token as OpenID Back-Channel Logout 1.0 §2.6 says a receiver must: signature
 * against the hub's JWKS, issuer, audience, type, the back-channel event, no nonce, a jti.
 */
export async function verifyLogoutToken(token: string, hub: { issuer: string; jwksUri: string }, audience: string): Promise<LogoutToken> {
  const { payload } = await jwtVerify<LogoutToken>(token, createRemoteJWKSet(new URL(hub.jwksUri)), { issuer: hub.issuer, audience, typ: 'logout+jwt', requiredClaims: ['iat', 'jti'] });
  if (!payload.events || typeof payload.events[BACKCHANNEL_EVENT] !== 'object') throw new Error('the logout token has no back-channel logout event');
  if ('nonce' in payload) throw new Error('a logout token must not carry a nonce');
  return payload;
}
