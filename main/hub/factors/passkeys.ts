// Passkey ceremonies (WebAuthn) with @simplewebauthn/server: options for the browser, and the
// browser's answers checked against our challenge, origin and RP ID. The browser side is
// @simplewebauthn/browser, bundled into one same-origin script (account/browser/passkeys.ts).
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { Passkey } from '../store/factors.ts';
import { CHALLENGE_TTL_SECONDS } from './challenges.ts';
import type { RelyingParty } from './relying-party.ts';

// Loaded on first use: the library and its ASN.1 stack take about as long to import as
// oidc-provider itself, which every start of the hub (and every CLI command) would pay.
let library: Promise<typeof import('@simplewebauthn/server')> | undefined;
const webauthn = () => (library ??= import('@simplewebauthn/server'));

const Base64Url = z.string().max(16 * 1024).regex(/^[A-Za-z0-9_-]*$/, 'base64url');

/** What the browser posts back, checked for shape before the library checks the rest. */
const Credential = z.object({
  id: Base64Url.min(1),
  rawId: Base64Url.min(1),
  type: z.literal('public-key'),
  authenticatorAttachment: z.string().max(40).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  response: z.object({
    clientDataJSON: Base64Url,
    attestationObject: Base64Url.optional(),
    authenticatorData: Base64Url.optional(),
    signature: Base64Url.optional(),
    userHandle: Base64Url.optional(),
    transports: z.array(z.string().max(40)).max(10).optional(),
    publicKeyAlgorithm: z.number().optional(),
    publicKey: Base64Url.optional(),
  }),
});

/** A credential posted by our script (a hidden form field holding JSON); undefined when it is not one. */
export function parseCredential(text: string | undefined): z.infer<typeof Credential> | undefined {
  if (!text || text.length > 64 * 1024) return undefined;
  try {
    const parsed = Credential.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The challenge the browser signed (from clientDataJSON), to mark it used once the ceremony succeeded. */
export function signedChallenge(credential: z.infer<typeof Credential>): string {
  try {
    const data = JSON.parse(Buffer.from(credential.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' ? data.challenge : '';
  } catch {
    return '';
  }
}

export type PostedCredential = z.infer<typeof Credential>;

const userHandle = (userId: string) => new TextEncoder().encode(userId);

export async function registrationOptions(input: { rp: RelyingParty; user: { id: string; username: string }; existing: readonly Passkey[]; challenge: Uint8Array<ArrayBuffer> }): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { generateRegistrationOptions } = await webauthn();
  return generateRegistrationOptions({
    rpName: input.rp.name,
    rpID: input.rp.id,
    userName: input.user.username,
    userDisplayName: input.user.username,
    userID: userHandle(input.user.id),
    challenge: input.challenge,
    timeout: CHALLENGE_TTL_SECONDS * 1000,
    attestationType: 'none',
    excludeCredentials: input.existing.filter((passkey) => passkey.rpId === input.rp.id).map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    // A resident (discoverable) key lets its owner sign in without typing a username.
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
}

export type NewPasskey = { credentialId: string; publicKey: Uint8Array; counter: number; transports: string[] };

type Answer = { rp: RelyingParty; credential: z.infer<typeof Credential>; challengeValid: (challenge: string) => boolean };

/** What every answer is checked against: a challenge this hub issued, this site's origin and id. */
const expected = (input: Answer) => ({ expectedChallenge: input.challengeValid, expectedOrigin: input.rp.origin, expectedRPID: input.rp.id });

/** A browser's answer that does not check out gives undefined, whatever the library throws. */
async function unlessRefused<T>(check: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await check();
  } catch {
    return undefined;
  }
}

/** The new passkey, or undefined when the browser's answer does not check out. */
export async function verifyRegistration(input: Answer): Promise<NewPasskey | undefined> {
  const { verifyRegistrationResponse } = await webauthn();
  return unlessRefused(async () => {
    const result = await verifyRegistrationResponse({ response: input.credential as RegistrationResponseJSON, ...expected(input), requireUserVerification: false });
    if (!result.verified) return undefined;
    const { credential } = result.registrationInfo;
    return { credentialId: credential.id, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports ?? input.credential.response.transports ?? [] };
  });
}

/**
 * Options to sign in with a passkey. With `allow`, only those (a second factor for a known
 * user); without, any passkey of this site the authenticator holds (sign-in without a password),
 * which must then verify its user (PIN, fingerprint) to stand for two factors.
 */
export async function authenticationOptions(input: { rp: RelyingParty; allow?: readonly Passkey[]; challenge: Uint8Array<ArrayBuffer> }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { generateAuthenticationOptions } = await webauthn();
  return generateAuthenticationOptions({
    rpID: input.rp.id,
    challenge: input.challenge,
    timeout: CHALLENGE_TTL_SECONDS * 1000,
    allowCredentials: input.allow?.filter((passkey) => passkey.rpId === input.rp.id).map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    userVerification: input.allow ? 'preferred' : 'required',
  });
}

/** The signature counter after this use, or undefined when the browser's answer does not check out. */
export async function verifyAuthentication(input: Answer & { passkey: Passkey; requireUserVerification: boolean }): Promise<number | undefined> {
  if (input.passkey.rpId !== input.rp.id) return undefined;
  const handle = input.credential.response.userHandle;
  if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== input.passkey.userId) return undefined;
  const { verifyAuthenticationResponse } = await webauthn();
  return unlessRefused(async () => {
    const result = await verifyAuthenticationResponse({
      response: input.credential as AuthenticationResponseJSON,
      ...expected(input),
      credential: { id: input.passkey.credentialId, publicKey: input.passkey.publicKey, counter: input.passkey.counter, transports: input.passkey.transports },
      requireUserVerification: input.requireUserVerification,
    });
    return result.verified ? result.authenticationInfo.newCounter : undefined;
  });
}
