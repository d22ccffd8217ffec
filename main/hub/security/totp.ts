// Time-based one-time passwords (RFC 6238) with the otpauth library: the parameters every
// authenticator app understands (SHA-1, 6 digits, 30 s), codes accepted one step either side of
// now for clocks that drift, and the matched step returned so a caller can refuse a code twice.
import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;
const DIGITS = 6;
const ALGORITHM = 'SHA1';
/** Steps either side of now that still count (±30 s). */
const WINDOW = 1;

/** A new secret: 160 random bits (RFC 4226's recommendation), base32 as apps expect. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

const totp = (secret: string, label = '', issuer = '') => new TOTP({ issuer, label, algorithm: ALGORITHM, digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secret) });

/** The otpauth:// URI an authenticator app scans from the QR code. */
export const totpUri = (input: { secret: string; issuer: string; account: string }): string => totp(input.secret, input.account, input.issuer).toString();

/** Spaces and dashes people type are dropped; anything else that is not 6 digits never matches. */
const normalizeTotpCode = (input: string): string => input.replace(/[\s-]/g, '');

/** The time step the code belongs to, or undefined when it matches none within the window. */
export function matchTotp(secret: string, code: string, now = Date.now()): number | undefined {
  const token = normalizeTotpCode(code);
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totp(secret).validate({ token, timestamp: now, window: WINDOW });
  return delta === null ? undefined : TOTP.counter({ period: PERIOD, timestamp: now }) + delta;
}

/** The code for a time (tests, and nothing else: the hub never shows codes). */
export const totpCodeAt = (secret: string, timestamp: number): string => totp(secret).generate({ timestamp });
