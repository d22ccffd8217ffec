// AdminApi over HTTP: `POST /console/api/<operation>` with a JSON body and a bearer token;
// every answer is an AdminResult. Live events come from `GET /console/api/events` as
// server-sent events, read with fetch streaming so the Authorization header can be sent.
import { HubEvent, type AdminApi, type AdminResult, type OperationName } from '../../shared/admin-contract.ts';
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

type Authorized = (make: (headers: Record<string, string>) => Promise<Response>) => Promise<Response>;

/**
 * Sends a request with the bearer token; on 401 refreshes the token once (one refresh shared by
 * every request that meets the 401 at the same time) and sends it again.
 */
function authorizedSender(options: HttpAdminOptions): Authorized {
  let refreshing: Promise<boolean> | null = null;
  const refresh = () => {
    if (!options.refresh) return Promise.resolve(false);
    refreshing ??= options.refresh().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };
  const bearer = (): Record<string, string> => {
    const token = options.getToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  };
  return async (make) => {
    let response = await make(bearer());
    if (response.status === 401 && (await refresh())) response = await make(bearer());
    return response;
  };
}

/** 401 and 403 end the session or say it is not an admin's; true when the response was one of them. */
function endedSession(response: Response, options: HttpAdminOptions): boolean {
  if (response.status === 401) options.onSignInNeeded?.();
  else if (response.status === 403) options.onForbidden?.();
  else return false;
  return true;
}

type Transport = { origin: string; doFetch: typeof fetch; authorized: Authorized; options: HttpAdminOptions };

/** One operation: POST its input, read the AdminResult; what is not one becomes an AdminError in words. */
async function callOperation({ origin, doFetch, authorized, options }: Transport, operation: OperationName, input: unknown): Promise<AdminResult<unknown>> {
  let response: Response;
  try {
    response = await authorized((headers) =>
      doFetch(new URL(httpOperationPath(operation), origin), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
        body: JSON.stringify(input ?? {}),
        cache: 'no-store',
      }),
    );
  } catch (cause) {
    return { ok: false, error: { code: 'internal', message: i18n.t('console.transport.unreachable', { reason: cause instanceof Error ? cause.message : String(cause) }) } };
  }
  if (endedSession(response, options)) return { ok: false, error: response.status === 401 ? unauthorized() : forbidden() };
  const result = await readResult(response);
  if (result) return result;
  return { ok: false, error: { code: 'internal', message: `The hub answered ${response.status} ${response.statusText || ''}without a result; try again.`.replace('  ', ' ') } };
}

/** A parser of the event stream's text that hands each HubEvent to `deliver` and remembers the last event id. */
function hubEventParser(deliver: (event: HubEvent) => void, seen: (id: string) => void) {
  return createSseParser((message) => {
    if (message.id) seen(message.id);
    // The hub names its events `hub`; plain `message` (no event field) is accepted too.
    if (!SSE_EVENT_NAMES.has(message.event)) return;
    try {
      const parsed = HubEvent.safeParse(JSON.parse(message.data));
      if (parsed.success) deliver(parsed.data);
    } catch {
      // ignore a malformed message
    }
  });
}

/**
 * The live events: one stream shared by every listener, opened with the first and closed with
 * the last; reconnected after the given delays, resuming from the last event id.
 */
function eventStream(transport: Transport, delays: number[]) {
  const { origin, doFetch, authorized, options } = transport;
  const listeners = new Set<(event: HubEvent) => void>();
  let controller: AbortController | null = null;
  let lastEventId: string | null = null;
  const parse = () =>
    hubEventParser(
      (event) => {
        for (const listener of listeners) listener(event);
      },
      (id) => {
        lastEventId = id;
      },
    );

  /** Reads one connection to its end (`opened` once it is up); false when the session is over and reconnecting is pointless. */
  const readOnce = async (signal: AbortSignal, opened: () => void): Promise<boolean> => {
    const response = await authorized((headers) =>
      doFetch(new URL(HTTP_EVENTS_PATH, origin), {
        headers: { Accept: 'text/event-stream', ...headers, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
        cache: 'no-store',
        signal,
      }),
    );
    if (endedSession(response, options)) return false;
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    opened();
    const feed = parse();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return true;
      feed(value);
    }
  };

  const connect = async () => {
    const abort = new AbortController();
    controller = abort;
    let attempt = 0;
    while (!abort.signal.aborted) {
      try {
        const open = await readOnce(abort.signal, () => {
          attempt = 0;
        });
        if (!open) return;
      } catch {
        if (abort.signal.aborted) return;
      }
      const delay = delays[Math.min(attempt++, delays.length - 1)] ?? 30_000;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };

  return (listener: (event: HubEvent) => void) => {
    listeners.add(listener);
    if (!controller) void connect();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && controller) {
        controller.abort();
        controller = null;
      }
    };
  };
}

export function createHttpAdminApi(options: HttpAdminOptions): AdminApi {
  // Written without DOM types: the hub's tests run this transport in Node against a real hub.
  const origin = options.origin ?? (globalThis as { location?: { origin: string } }).location!.origin;
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const transport: Transport = { origin, doFetch, authorized: authorizedSender(options), options };
  return {
    call: (operation, input) => callOperation(transport, operation, input) as never,
    subscribe: eventStream(transport, options.retryDelays ?? [1000, 2000, 5000, 10_000, 30_000]),
  };
}
