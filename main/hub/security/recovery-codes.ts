// One-time recovery codes: 80 random bits each, written in an alphabet without look-alike
// characters as four groups of four, stored as SHA-256 (like client secrets: far too much entropy
// to guess, so a slow hash would add nothing).
import { randomBytes } from 'node:crypto';
import { sha256 } from './secrets.ts';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no i, l, o, 0, 1
const LENGTH = 16; // 16 × log2(31) ≈ 79 bits

function randomCode(): string {
  let code = '';
  // Rejection sampling keeps every character equally likely.
  while (code.length < LENGTH) {
    for (const byte of randomBytes(LENGTH * 2)) {
      if (byte < 248 && code.length < LENGTH) code += ALPHABET[byte % ALPHABET.length];
    }
  }
  return code.match(/.{4}/g)!.join('-');
}

export const newRecoveryCodes = (count: number): string[] => Array.from({ length: count }, randomCode);

/** What people type, lowercased and without spaces or dashes, so "ABCD efgh-…" matches. */
const normalizeRecoveryCode = (input: string): string => input.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The stored form of a code. */
export const hashRecoveryCode = (code: string): string => sha256(normalizeRecoveryCode(code));
