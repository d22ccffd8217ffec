// The pairing string: what a device needs to register itself with a hub, in one line an
// operator copies or a QR code carries. Version 1:
//
//   lanyard-pair://v1?issuer=<issuer, percent-encoded>&fp=<SHA-256 fingerprint>&token=<initial access token>
//
// `fp` is the hub certificate's SHA-256 fingerprint as 32 colon-separated hex pairs (the form
// DNS-SD's TXT `fp` uses); it is absent when the hub serves plain HTTP. The registration
// endpoint is the discovery document's `registration_endpoint` (`<issuer>/reg`). README
// "Adding a device" documents it for device makers. Free of Node and DOM APIs.
import { z } from 'zod';

const PAIRING_SCHEME = 'lanyard-pair:';
const PAIRING_VERSION = 'v1';

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

export const PairingParts = z.object({
  issuer: z.url({ protocol: /^https?$/ }),
  fingerprint: z.string().regex(FINGERPRINT, 'a SHA-256 fingerprint is 32 hex pairs separated by colons').nullable(),
  token: z.string().min(16).max(512),
});
export type PairingParts = z.infer<typeof PairingParts>;

export function formatPairingUri(parts: PairingParts): string {
  // Colons are allowed in a query as they are, so the fingerprint stays readable.
  const fields = [`issuer=${encodeURIComponent(parts.issuer)}`, ...(parts.fingerprint ? [`fp=${parts.fingerprint}`] : []), `token=${encodeURIComponent(parts.token)}`];
  return `${PAIRING_SCHEME}//${PAIRING_VERSION}?${fields.join('&')}`;
}

/** Reads a pairing string; undefined when it is not one this version understands. */
export function parsePairingUri(text: string): PairingParts | undefined {
  const url = URL.parse(text.trim());
  if (!url || url.protocol !== PAIRING_SCHEME || url.host !== PAIRING_VERSION) return undefined;
  const parsed = PairingParts.safeParse({ issuer: url.searchParams.get('issuer'), fingerprint: url.searchParams.get('fp')?.toUpperCase() ?? null, token: url.searchParams.get('token') });
  return parsed.success ? parsed.data : undefined;
}
