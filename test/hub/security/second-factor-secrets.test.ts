// The building blocks of second factors: TOTP codes (RFC 6238, ±1 step), recovery codes, WebAuthn
// challenges, sign-in tickets and where passkeys can work.
import { describe, expect, it } from 'vitest';
import { Challenges } from '../../../main/hub/factors/challenges.ts';
import { passkeyPlace } from '../../../main/hub/factors/relying-party.ts';
import { issueTicket, readTicket } from '../../../main/hub/oauth/interactions/sign-in-ticket.ts';
import { hashRecoveryCode, newRecoveryCodes } from '../../../main/hub/security/recovery-codes.ts';
import { matchTotp, newTotpSecret, totpCodeAt, totpUri } from '../../../main/hub/security/totp.ts';

describe('TOTP', () => {
  const secret = newTotpSecret();
  const now = 1_800_000_015_000; // 15 s into a 30-second step
  const step = Math.floor(now / 30_000);

  it('matches the code of this step and of one step either side, and tells which step', () => {
    expect(matchTotp(secret, totpCodeAt(secret, now), now)).toBe(step);
    expect(matchTotp(secret, totpCodeAt(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchTotp(secret, totpCodeAt(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchTotp(secret, totpCodeAt(secret, now - 60_000), now)).toBeUndefined();
    expect(matchTotp(secret, totpCodeAt(secret, now + 60_000), now)).toBeUndefined();
  });

  it('accepts the code with spaces people type, and nothing that is not six digits', () => {
    const code = totpCodeAt(secret, now);
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step);
    expect(matchTotp(secret, `${code}0`, now)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', now)).toBeUndefined();
  });

  it('makes 160-bit secrets and an otpauth URI apps scan', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri({ secret, issuer: 'Lanyard (hub.local)', account: 'alice' })).toMatch(/^otpauth:\/\/totp\/Lanyard%20\(hub\.local\):alice\?issuer=Lanyard%20\(hub\.local\)&secret=[A-Z2-7]+&algorithm=SHA1&digits=6&period=30$/);
  });
});

describe('recovery codes', () => {
  it('are ten distinct 16-character codes without look-alike characters, hashed as typed in any case', () => {
    const codes = newRecoveryCodes(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
    expect(hashRecoveryCode(codes[0]!.toUpperCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(codes[0]!));
    expect(hashRecoveryCode(codes[0]!)).not.toBe(hashRecoveryCode(codes[1]!));
  });
});

describe('WebAuthn challenges', () => {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

  it('are valid for their purpose and binding only, until used or expired', () => {
    let clock = 1_000_000;
    const challenges = new Challenges('key', () => clock);
    const challenge = b64(challenges.issue('login', 'uid-1'));
    expect(challenges.valid('login', 'uid-1', challenge)).toBe(true);
    expect(challenges.valid('login', 'uid-2', challenge)).toBe(false);
    expect(challenges.valid('register', 'uid-1', challenge)).toBe(false);
    expect(new Challenges('other key', () => clock).valid('login', 'uid-1', challenge)).toBe(false);
    challenges.use(challenge);
    expect(challenges.valid('login', 'uid-1', challenge)).toBe(false);
    const later = b64(challenges.issue('login', 'uid-1'));
    clock += 301;
    expect(challenges.valid('login', 'uid-1', later)).toBe(false);
  });
});

describe('sign-in tickets', () => {
  it('vouch for one user in one interaction at one stage, for ten minutes', () => {
    const now = Date.now();
    const ticket = issueTicket('key', 'uid-1', 'user-1', 'password', now);
    expect(readTicket('key', 'uid-1', ticket, 'password', now)).toBe('user-1');
    expect(readTicket('key', 'uid-2', ticket, 'password', now)).toBeUndefined();
    expect(readTicket('key', 'uid-1', ticket, 'complete', now)).toBeUndefined();
    expect(readTicket('other', 'uid-1', ticket, 'password', now)).toBeUndefined();
    expect(readTicket('key', 'uid-1', ticket, 'password', now + 11 * 60_000)).toBeUndefined();
    const forged = ticket.replace(/^[^.]+/, Buffer.from('user-2').toString('base64url'));
    expect(readTicket('key', 'uid-1', forged, 'password', now)).toBeUndefined();
  });
});

describe('where passkeys work', () => {
  const names = ['hub.local', 'localhost'];

  it('at localhost over plain HTTP, and at the hub\'s names over HTTPS, with that name as the RP ID', () => {
    expect(passkeyPlace({ protocol: 'http', host: 'localhost:54443' }, names)).toEqual({ available: true, rp: { id: 'localhost', origin: 'http://localhost:54443', name: 'Lanyard' } });
    expect(passkeyPlace({ protocol: 'https', host: 'hub.local:54443' }, names)).toMatchObject({ available: true, rp: { id: 'hub.local', origin: 'https://hub.local:54443' } });
  });

  it('not at an address, not over plain HTTP on the LAN, not at a name that is not the hub\'s — and says why', () => {
    expect(passkeyPlace({ protocol: 'http', host: '127.0.0.1:54443' }, names)).toEqual({ available: false, reason: expect.stringMatching(/not an address like 127\.0\.0\.1\. Open this page at http:\/\/localhost:54443 instead/) });
    expect(passkeyPlace({ protocol: 'https', host: '192.168.1.20:54443' }, names)).toMatchObject({ reason: expect.stringMatching(/https:\/\/hub\.local/) });
    expect(passkeyPlace({ protocol: 'http', host: 'hub.local:54443' }, names)).toMatchObject({ available: false, reason: expect.stringMatching(/secure connection.*plain HTTP/) });
    expect(passkeyPlace({ protocol: 'https', host: 'evil.example' }, names)).toMatchObject({ available: false, reason: expect.stringMatching(/only at the hub's own names/) });
  });
});
