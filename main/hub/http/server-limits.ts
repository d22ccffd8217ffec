// The HTTP server's own limits, from settings: how many connections may be open (in all and
// from one address), and how long a client may take to send its headers and its whole
// request or sit idle between requests. Node checks the request timeouts every
// `CHECK_INTERVAL_MS`, so a body shorter than its Content-Length is dropped close to
// `requestTimeoutSeconds`, not a minute later.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Limits } from '../../../shared/admin-contract.ts';
import { sourceKey } from './source.ts';

/** How often Node looks for requests past their timeouts (a createServer option). */
const CHECK_INTERVAL_MS = 1000;

export type ServerLimits = Pick<Limits, 'maxConnections' | 'connectionsPerAddress' | 'headersTimeoutSeconds' | 'requestTimeoutSeconds' | 'keepAliveTimeoutSeconds'>;

/** Options for createServer; the rest is set (and changed at run time) by applyServerLimits. */
export const serverOptions = (limits: ServerLimits) => ({
  connectionsCheckingInterval: CHECK_INTERVAL_MS,
  requestTimeout: limits.requestTimeoutSeconds * 1000,
  headersTimeout: Math.min(limits.headersTimeoutSeconds, limits.requestTimeoutSeconds) * 1000,
  keepAliveTimeout: limits.keepAliveTimeoutSeconds * 1000,
  /** HTTPS: a TLS handshake gets no longer than a request's headers (Node's default is 120 s). */
  handshakeTimeout: limits.headersTimeoutSeconds * 1000,
});

/**
 * Every limit on a new server: the settings now (applyServerLimits again when they change), the
 * per-address connection cap, silent sockets closed. Refused connections are reported once a
 * minute with their count, never one line each.
 */
export function guardServer(server: Server, current: () => ServerLimits, report: (refused: number) => void): void {
  applyServerLimits(server, current());
  let refused = 0;
  const refusal = () => {
    if (refused++ > 0) return;
    setTimeout(() => {
      report(refused);
      refused = 0;
    }, 60_000).unref();
  };
  server.on('drop', refusal); // over maxConnections: Node closed it
  limitConnectionsPerAddress(server, () => current().connectionsPerAddress, refusal);
  closeSilentConnections(server);
}

export function applyServerLimits(server: Server, limits: ServerLimits): void {
  const options = serverOptions(limits);
  server.maxConnections = limits.maxConnections;
  server.requestTimeout = options.requestTimeout;
  server.headersTimeout = options.headersTimeout; // never above requestTimeout: Node requires it
  server.keepAliveTimeout = options.keepAliveTimeout;
  server.timeout = options.headersTimeout; // inactivity; see closeSilentConnections
}

/**
 * Node's headersTimeout counts from a request's first byte, so a connection that never sends
 * one stays open for good (an idle-socket flood). With `server.timeout` set to the headers
 * timeout, a socket silent that long is closed unless it is in the middle of a request (a slow
 * answer is the hub's, not the client's). Idle keep-alive sockets go at keepAliveTimeout.
 */
function closeSilentConnections(server: Server): void {
  const busy = new WeakSet<object>();
  server.on('request', (req, res) => {
    busy.add(req.socket);
    res.once('close', () => busy.delete(req.socket));
  });
  server.on('timeout', (socket: Socket) => {
    if (!busy.has(socket)) socket.destroy();
  });
}

/**
 * Refuses a connection (closes it at once) when its address already has `perAddress()` open,
 * so one device cannot take every connection the hub has. `onRefused` is told each time.
 */
function limitConnectionsPerAddress(server: Server, perAddress: () => number, onRefused: () => void): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const key = sourceKey(socket.remoteAddress);
    const count = (open.get(key) ?? 0) + 1;
    if (count > perAddress()) {
      onRefused();
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left <= 0) open.delete(key);
      else open.set(key, left);
    });
  });
}
