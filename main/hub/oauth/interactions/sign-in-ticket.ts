// Proof, carried in the second-factor forms, that this interaction's password step succeeded for
// this user: an HMAC over the interaction id, the user and an expiry. Nothing is stored until the
// sign-in finishes; the interaction itself is bound to the browser's cookie, so a ticket is no
// use in another browser, and once the sign-in is finished the interaction no longer asks for it.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long someone has to find their phone and type the code. */
const TICKET_TTL_SECONDS = 10 * 60;

/** `password`: the password was right; `complete`: a second factor was set up too (forced enrolment). */
export type TicketStage = 'password' | 'complete';

const mac = (key: string, uid: string, userId: string, expires: number, stage: TicketStage) =>
  createHmac('sha256', key).update(`sign-in:${stage}:${uid}:${userId}:${expires}`).digest('base64url');

export function issueTicket(key: string, uid: string, userId: string, stage: TicketStage, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + TICKET_TTL_SECONDS;
  return `${Buffer.from(userId).toString('base64url')}.${expires}.${mac(key, uid, userId, expires, stage)}`;
}

/** The user a ticket vouches for at `stage`, or undefined if it is forged, for another interaction or expired. */
export function readTicket(key: string, uid: string, ticket: string | undefined, stage: TicketStage, now = Date.now()): string | undefined {
  const [encodedUser, expiresText, presented] = (ticket ?? '').split('.');
  if (!encodedUser || !expiresText || !presented) return undefined;
  const userId = Buffer.from(encodedUser, 'base64url').toString('utf8');
  const expires = Number(expiresText);
  if (!Number.isSafeInteger(expires) || expires < Math.floor(now / 1000)) return undefined;
  const expected = Buffer.from(mac(key, uid, userId, expires, stage));
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : undefined;
}
