// Transports, in Node (no DOM needed): HTTP calls and auth handling, the SSE stream, IPC.
import { describe, expect, it, vi } from 'vitest';
import type { HubEvent } from '../../shared/admin-contract.ts';
import { createHttpAdminApi } from './http.ts';
import { createSseParser } from './sse.ts';
import { createIpcAdminApi, type LanyardBridge } from './ipc.ts';

const ORIGIN = 'http://hub.test:9090';
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const event = (id: number): HubEvent => ({ id, at: '2026-01-01T00:00:00.000Z', type: 'token.issued', actor: null, clientId: 'c1', subject: null, summary: 's', detail: { tokenId: `t${id}` } });

describe('HTTP transport', () => {
  it('POSTs the input to /console/api/<operation> with the bearer token and returns the AdminResult', async () => {
    const fetch = vi.fn(async (_url: URL | RequestInfo, _init?: RequestInit) => json(200, { ok: true, value: { count: 3 } }));
    const api = createHttpAdminApi({ origin: ORIGIN, getToken: () => 'tok', fetch: fetch as typeof globalThis.fetch });
    expect(await api.call('tokens.count', { clientId: 'c1' })).toEqual({ ok: true, value: { count: 3 } });
    const [url, init] = fetch.mock.calls[0]!;
    expect(String(url)).toBe(`${ORIGIN}/console/api/tokens.count`);
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(JSON.parse(init?.body as string)).toEqual({ clientId: 'c1' });
  });

  it('passes hub errors through, with their field map', async () => {
    const error = { code: 'invalid_input', message: 'name: a client needs a name', fields: { name: 'a client needs a name' } };
    const api = createHttpAdminApi({ origin: ORIGIN, getToken: () => 't', fetch: (async () => json(400, { ok: false, error })) as typeof fetch });
    expect(await api.call('clients.create', { kind: 'web', name: '' })).toEqual({ ok: false, error });
  });

  it('on 401 refreshes once and retries; if that fails, asks for sign-in', async () => {
    let token = 'old';
    const seen: string[] = [];
    const fetch = (async (_u: unknown, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string>).Authorization!;
      seen.push(auth);
      return auth === 'Bearer new' ? json(200, { ok: true, value: [] }) : json(401, { ok: false, error: { code: 'unauthorized', message: 'x' } });
    }) as typeof globalThis.fetch;
    const onSignInNeeded = vi.fn();
    const api = createHttpAdminApi({ origin: ORIGIN, getToken: () => token, refresh: async () => ((token = 'new'), true), onSignInNeeded, fetch });
    expect(await api.call('roles.list', {})).toEqual({ ok: true, value: [] });
    expect(seen).toEqual(['Bearer old', 'Bearer new']);

    const api2 = createHttpAdminApi({ origin: ORIGIN, getToken: () => 'old', refresh: async () => false, onSignInNeeded, fetch });
    const result = await api2.call('roles.list', {});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('unauthorized');
    expect(onSignInNeeded).toHaveBeenCalledTimes(1);
  });

  it('on 403 reports a non-admin account', async () => {
    const onForbidden = vi.fn();
    const api = createHttpAdminApi({ origin: ORIGIN, getToken: () => 't', onForbidden, fetch: (async () => json(403, {})) as typeof fetch });
    const result = await api.call('status.get', {});
    expect(!result.ok && result.error.message).toBe('Your account does not have the admin role.');
    expect(onForbidden).toHaveBeenCalled();
  });

  it('turns a non-JSON failure or a network error into words', async () => {
    const api = createHttpAdminApi({ origin: ORIGIN, getToken: () => 't', fetch: (async () => new Response('oops', { status: 502, statusText: 'Bad Gateway' })) as typeof fetch });
    const result = await api.call('status.get', {});
    expect(!result.ok && result.error).toMatchObject({ code: 'internal', message: expect.stringContaining('502') });
    const down = createHttpAdminApi({ origin: ORIGIN, getToken: () => 't', fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch });
    const r2 = await down.call('status.get', {});
    expect(!r2.ok && r2.error.message).toContain('could not be reached');
  });

  it('streams events from GET /console/api/events with the Authorization header', async () => {
    const encoder = new TextEncoder();
    let init: RequestInit | undefined;
    let url = '';
    const fetch = (async (u: unknown, i?: RequestInit) => {
      url = String(u);
      init = i;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(`: hello\n\nid: 1\ndata: ${JSON.stringify(event(1)).slice(0, 20)}`));
          controller.enqueue(encoder.encode(`${JSON.stringify(event(1)).slice(20)}\n\nid: 2\r\ndata: ${JSON.stringify(event(2))}\r\n\r\ndata: not json\n\n`));
          i?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    }) as typeof globalThis.fetch;
    const api = createHttpAdminApi({ origin: ORIGIN, getToken: () => 'tok', fetch });
    const got: HubEvent[] = [];
    const stop = api.subscribe((e) => got.push(e));
    await vi.waitFor(() => expect(got.map((e) => e.id)).toEqual([1, 2]));
    expect(url).toBe(`${ORIGIN}/console/api/events`);
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    stop();
    expect(init?.signal?.aborted).toBe(true);
  });
});

describe('SSE parser', () => {
  it('joins multi-line data, skips comments, keeps the last id', () => {
    const out: unknown[] = [];
    const feed = createSseParser((m) => out.push(m));
    feed(': keep-alive\n\nevent: hub-event\nid: 7\ndata: a\ndata: b\n');
    expect(out).toEqual([]);
    feed('\n');
    expect(out).toEqual([{ id: '7', event: 'hub-event', data: 'a\nb' }]);
  });
});

describe('IPC transport', () => {
  it('calls window.lanyard.admin[operation] and validates pushed events', async () => {
    const listeners: ((e: unknown) => void)[] = [];
    const statusGet = vi.fn(async () => ({ ok: true as const, value: { fake: true } }));
    const bridge = {
      admin: { 'status.get': statusGet } as unknown as LanyardBridge['admin'],
      onEvent: (l: (e: unknown) => void) => {
        listeners.push(l);
        return () => listeners.splice(listeners.indexOf(l), 1);
      },
    };
    const api = createIpcAdminApi(bridge as unknown as LanyardBridge);
    expect(await api.call('status.get', {})).toEqual({ ok: true, value: { fake: true } });
    expect(statusGet).toHaveBeenCalledWith({});
    const missing = await api.call('users.list', {});
    expect(!missing.ok && missing.error.code).toBe('not_found');
    const got: HubEvent[] = [];
    const stop = api.subscribe((e) => got.push(e));
    listeners[0]!({ nonsense: true });
    listeners[0]!(event(5));
    expect(got.map((e) => e.id)).toEqual([5]);
    stop();
    expect(listeners).toHaveLength(0);
  });
});
