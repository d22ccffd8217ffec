// The small ones: bodies (chunked or sized, the same limit and the same 4xx), GET on the
// device authorization endpoint, timeouts for slow or silent clients, and the connection
// limits, from which the hub recovers by itself.
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/hub/log.ts';
import { call, closeAgents, sleep } from '../abuse/harness.ts';
import { removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

let t: TestHub;
let service: { clientId: string; secret: string | null };
let log = '';
beforeAll(async () => {
  const destination = new Writable({ write(chunk: Buffer, _encoding, done) { log += chunk.toString('utf8'); done(); } });
  t = await startHub({
    logger: createLogger({ json: true, destination }),
    limits: { headersTimeoutSeconds: 1, requestTimeoutSeconds: 2, maxConnections: 30, connectionsPerAddress: 12, keepAliveTimeoutSeconds: 1 },
  });
  service = await t.addClient({ kind: 'service', grants: ['client_credentials'] });
});
afterEach(() => closeAgents());
afterAll(async () => {
  await t.stop();
  removeDataDir(t.dataDir);
});

describe('request bodies', () => {
  it('an oversized body gets the same 4xx chunked as sized, at /token and its Smartenit alias, JSON or form', async () => {
    const padding = 'x'.repeat(80 * 1024);
    const json = JSON.stringify({ grant_type: 'client_credentials', padding });
    const form = `grant_type=client_credentials&padding=${padding}`;
    for (const path of ['/token', '/v2/oauth2/token']) {
      for (const [type, body] of [['application/json', json], ['application/x-www-form-urlencoded', form]] as const) {
        const sized = await call(t.url, '127.0.0.1', { method: 'POST', path, headers: { 'Content-Type': type }, body });
        const chunked = await call(t.url, '127.0.0.1', { method: 'POST', path, headers: { 'Content-Type': type }, body, chunked: true });
        expect([path, type, chunked.status]).toEqual([path, type, sized.status]);
        expect(sized.status).toBe(400);
        expect(JSON.parse(chunked.body)).toMatchObject({ error: 'invalid_request' });
      }
    }
  });

  it('the console API and the login form refuse an oversized chunked body with 413, like a sized one', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(300 * 1024) });
    const sized = await call(t.url, '127.0.0.1', { method: 'POST', path: '/console/api/status.get', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x' }, body });
    expect(sized.status).toBe(401); // no token: refused before the body is read
    const login = await call(t.url, '127.0.0.1', { method: 'POST', path: '/interaction/nope/login', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `a=${'x'.repeat(40 * 1024)}`, chunked: true });
    expect(login.status).toBeGreaterThanOrEqual(400);
    expect(login.status).toBeLessThan(500);
    expect(log).not.toMatch(/"level":50/);
  });
});

describe('GET /device/auth', () => {
  it('is 405 with Allow: POST and the RFC error shape, and logs nothing', async () => {
    const before = log.length;
    const answer = await call(t.url, '127.0.0.1', { path: '/device/auth' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST, OPTIONS') // OPTIONS: the provider answers CORS preflights there;
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_request' });
    expect(answer.body).not.toMatch(/at .*\.js|Error:/);
    await sleep(100);
    expect(log.slice(before)).toBe('');
  });
});

function rawSocket(from: string): Promise<Socket> {
  const port = Number(new URL(t.url).port);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: from }, () => resolve(socket));
    socket.on('error', () => resolve(socket));
  });
}
const closed = (socket: Socket) => new Promise<number>((resolve) => {
  const started = performance.now();
  if (socket.destroyed) resolve(0);
  socket.on('close', () => resolve(performance.now() - started));
});

describe('slow and silent clients', () => {
  it('a body shorter than its Content-Length loses its socket at the request timeout, not a minute later', async () => {
    const socket = await rawSocket('127.0.51.2');
    const gone = closed(socket);
    socket.write(`POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type`);
    socket.on('data', () => {});
    expect(await gone).toBeLessThan(10_000); // requestTimeoutSeconds is 2 here (default 30)
  });

  it('a connection that never sends its headers is closed at the headers timeout', async () => {
    const socket = await rawSocket('127.0.51.3');
    expect(await closed(socket)).toBeLessThan(10_000); // headersTimeoutSeconds is 1 here
  });
});

describe('connection limits', () => {
  it('refuses connections over the per-address and total limits, and serves again once they go', async () => {
    const basic = Buffer.from(`${service.clientId}:${service.secret}`).toString('base64');
    const token = () => call(t.url, '127.0.0.1', { method: 'POST', path: '/token', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}`, Connection: 'close' }, body: 'grant_type=client_credentials' }, 5000);

    const held = await Promise.all(Array.from({ length: 12 }, () => rawSocket('127.0.52.2')));
    const extra = await rawSocket('127.0.52.2');
    expect(await closed(extra)).toBeLessThan(2000); // the 13th from one address
    const others = await Promise.all(Array.from({ length: 18 }, (_, i) => rawSocket(`127.0.53.${2 + (i % 3)}`)));
    await sleep(100);
    expect((await token()).status).toBe(0); // 30 open: the hub takes no more

    // The silent ones time out (headers timeout), and the hub serves again by itself.
    await Promise.all([...held, ...others].map(closed));
    expect((await token()).status).toBe(200);
  });
});
