// A fetch for OAuth libraries (oauth4webapi's customFetch) that trusts a server by its
// certificate's SHA-256 fingerprint, as a LAN device does with the `fp` of a pairing string:
// the TLS handshake completes, the fingerprint is compared, and only then is a byte of the
// request (initial access token included) written. Anything else is refused.
import { request } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';

function pinnedSocket(url: URL, pin: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 443), rejectUnauthorized: false }, () => {
      const presented = socket.getPeerCertificate().fingerprint256;
      if (presented !== pin) {
        socket.destroy();
        reject(new Error(`certificate pin mismatch: the server presented ${presented}`));
        return;
      }
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export function pinnedFetch(pin: string): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const socket = await pinnedSocket(url, pin);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    return new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: init.method ?? 'GET', headers, createConnection: () => socket }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
          const status = res.statusCode ?? 0;
          resolve(new Response(status === 204 ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  };
}
