// What the pages that offer passkeys share: where passkeys can work for this request (the hub's
// names, a secure context, the browser script being installed), and the challenges.
import type { Context } from 'koa';
import { PASSKEY_STRINGS } from '../oauth/interactions/passkey-form.ts';
import type { Challenges } from './challenges.ts';
import { passkeyPlace, type PasskeyPlace } from './relying-party.ts';

export type PasskeySupport = {
  challenges: Challenges;
  /** The hub's own names (issuer, addresses, certificate), without ports. */
  names: () => string[];
  /** The bundled browser script; undefined when the hub was installed without building it. */
  script: string | undefined;
};

export function placeFor(ctx: Context, support: PasskeySupport): PasskeyPlace {
  if (!support.script) return { available: false, reason: PASSKEY_STRINGS.noScriptFile };
  return passkeyPlace({ protocol: ctx.protocol, host: ctx.host }, support.names());
}
