// Which transports the hub agrees to serve on. Plain HTTP is fine on loopback (nothing
// leaves the machine); anywhere else passwords, codes and tokens would cross the network
// readable by any device on it, so the operator has to ask for it by name.
import { isLoopback } from '../network/lan.ts';

export interface TransportPolicyInput {
  /** The address the hub binds to (Settings.host). */
  host: string;
  /** True when the hub serves HTTPS. */
  tls: boolean;
  /** The operator's explicit consent to plain HTTP beyond loopback (`--insecure-http`). */
  insecureHttp?: boolean;
}

/** `reason` is the refusal alone; `error` adds what to pass to `lanyard serve` (the desktop app words its own remedy). */
export type TransportPolicyResult = { ok: true; warnings: string[] } | { ok: false; reason: string; error: string };

export function checkTransportPolicy(input: TransportPolicyInput): TransportPolicyResult {
  const { host, tls, insecureHttp = false } = input;
  if (tls || isLoopback(host)) return { ok: true, warnings: [] };
  if (insecureHttp) {
    return {
      ok: true,
      warnings: [
        `Serving plain HTTP on ${host}: tokens cross the LAN in clear text, and so do passwords and ` +
          `authorization codes; any device on the network can read them. Restart with --tls to serve HTTPS.`,
      ],
    };
  }
  const reason = `Refusing to serve plain HTTP on ${host}: tokens and passwords would cross the LAN in clear text.`;
  return {
    ok: false,
    reason,
    error:
      `${reason} Start with --tls to serve HTTPS (a self-signed certificate is generated, or pass your own), ` +
      `bind to 127.0.0.1 to stay on this machine, or, on a network you trust, pass --insecure-http.`,
  };
}
