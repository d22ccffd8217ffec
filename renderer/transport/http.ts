// AdminApi over HTTP: `POST /console/api/<operation>` with a JSON body and a bearer token;
// every answer is an AdminResult. Live events come from `GET /console/api/events` as
// server-sent events, read with fetch streaming so the Authorization header can be sent.
import { HubEvent, type AdminApi, type AdminResult } from '../../shared/admin-contract.ts';
import { HTTP_EVENT_NAME, HTTP_EVENTS_PATH, httpOperationPath } from '../../shared/transport.ts';
import { createSseParser } from './sse.ts';
import { i18n } from '../lib/i18n.ts';

export type HttpAdminOptions = {
  /** Origin of the hub, e.g. `http://192.168.1.20:9090`; defaults to the page's origin. */
  origin?: string;
  getToken: () => string | null;
  /** Called on 401: try to refresh; resolve true if a new token is available. */
  refresh?: () => Promise<boolean>;
  /** The session is gone and could not be refreshed: sign in again. */
  onSignInNeeded?: () => void;
  /** 403: the signed-in account is not an admin. */
  onForbidden?: () => void;
  fetch?: typeof fetch;
  /** Reconnect delays for the event stream, in ms. */
  retryDelays?: number[];
};

/** SSE event names that carry a HubEvent: the hub's own, and the SSE default. */
const SSE_EVENT_NAMES = new Set([HTTP_EVENT_NAME, 'message']);

const unauthorized = () => ({ code: 'unauthorized' as const, message: i18n.t('console.browser.sessionEnded') });
const forbidden = () => ({ code: 'forbidden' as const, message: i18n.t('console.transport.notAdmin') });

async function readResult(response: Response): Promise<AdminResult<unknown> | null> {
  try {
    const body = (await response.json()) as unknown;
    if (body && typeof body === 'object' && 'ok' in body) return body as AdminResult<unknown>;
  } catch {
    // not JSON
  }
  return null;
}

export function createHttpAdminApi(options: HttpAdminOptions): AdminApi {
  // Written without DOM types: the hub's tests run this transport in Node against a real hub.
  const origin = options.origin ?? (globalThis as { location?: { origin: string } }).location!.origin;
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const delays = options.retryDelays ?? [1000, 2000, 5000, 10_000, 30_000];

  let refreshing: Promise<boolean> | null = null;
  const refresh = () => {
    if (!options.refresh) return Promise.resolve(false);
    refreshing ??= options.refresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  const authorized = async (make: (token: string | null) => Promise<Response>): Promise<Response> => {
    let response = await make(options.getToken());
    if (response.status === 401 && (await refresh())) response = await make(options.getToken());
    return response;
  };

  // ---- live events: one shared stream for every listener
  const listeners = new Set<(event: HubEvent) => void>();
  let controller: AbortController | null = null;
  let lastEventId: string | null = null;

  const connect = async () => {
    const abort = new AbortController();
    controller = abort;
    let attempt = 0;
    while (!abort.signal.aborted) {
      try {
        const response = await authorized((token) =>
          doFetch(new URL(HTTP_EVENTS_PATH, origin), {
            headers: {
              Accept: 'text/event-stream',
              ...(token ? { Authorization: `Bearer ${token}` } : {}),
              ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
            },
            cache: 'no-store',
            signal: abort.signal,
          }),
        );
        if (response.status === 401) {
          options.onSignInNeeded?.();
          return;
        }
        if (response.status === 403) {
          options.onForbidden?.();
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        attempt = 0;
        const parse = createSseParser((message) => {
          if (message.id) lastEventId = message.id;
          // The hub names its events `hub`; plain `message` (no event field) is accepted too.
          if (!SSE_EVENT_NAMES.has(message.event)) return;
          try {
            const parsed = HubEvent.safeParse(JSON.parse(message.data));
            if (parsed.success) for (const listener of listeners) listener(parsed.data);
          } catch {
            // ignore a malformed message
          }
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parse(value);
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      const delay = delays[Math.min(attempt++, delays.length - 1)] ?? 30_000;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };

  return {
    async call(operation, input) {
      let response: Response;
      try {
        response = await authorized((token) =>
          doFetch(new URL(httpOperationPath(operation), origin), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(input ?? {}),
            cache: 'no-store',
          }),
        );
      } catch (cause) {
        return { ok: false, error: { code: 'internal', message: i18n.t('console.transport.unreachable', { reason: cause instanceof Error ? cause.message : String(cause) }) } };
      }
      if (response.status === 401) {
        options.onSignInNeeded?.();
        return { ok: false, error: unauthorized() };
      }
      if (response.status === 403) {
        options.onForbidden?.();
        return { ok: false, error: forbidden() };
      }
      const result = await readResult(response);
      if (result) return result as never;
      return { ok: false, error: { code: 'internal', message: `The hub answered ${response.status} ${response.statusText || ''}without a result; try again.`.replace('  ', ' ') } };
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!controller) void connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && controller) {
          controller.abort();
          controller = null;
        }
      };
    },
  };
}
