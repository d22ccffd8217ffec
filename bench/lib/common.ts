// What the hub and the baseline share: the bench client, the bench user, PKCE material.
import { createHash } from 'node:crypto';

export const API_RESOURCE = 'urn:lanyard:api';
export const BENCH_SCOPE = 'bench:read';
export const REDIRECT_URI = 'http://127.0.0.1:9/cb';
export const ACCESS_TTL = 3600;
export const REFRESH_TTL = 14 * 24 * 3600;
export const USERNAME = 'bench-user';
export const PASSWORD = 'bench-password-123';
/** PKCE (S256): one verifier for every minted code; the hub checks it like any other. */
export const CODE_VERIFIER = 'bench-code-verifier-0123456789-abcdefghijklmnopqrstuvwxyz';
export const CODE_CHALLENGE = createHash('sha256').update(CODE_VERIFIER).digest('base64url');

export type Credentials = { clientId: string; clientSecret: string; username: string; password: string };
