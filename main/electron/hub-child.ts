// The hub child's side of the protocol: wait for `start`, create and start the hub, then
// answer each request with `hub.admin.call(op, input, 'desktop')` and forward hub events.
// It runs the same way in an Electron utility process (process.parentPort) and in a Node
// child made by child_process.fork (process.send), which is how the tests drive it.
import { ParentMessage, RESTART_FOR_RESTORE, errorMessage, internalError, type ChildMessage } from './hub-protocol.ts';
import type { HubHandle, HubModule } from './hub-types.ts';

export const DESKTOP_ACTOR = 'desktop';

/** A message port as the child sees it. */
export interface ChildPort {
  post(message: ChildMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the parent goes away (Node IPC only; Electron kills utility processes with the app). */
  onParentGone(listener: () => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The port of the current process: Electron's `process.parentPort`, else Node's IPC channel. */
export function processPort(): ChildPort {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      onParentGone: () => {},
    };
  }
  const send = process.send?.bind(process);
  if (!send) throw new Error('The hub entry must run as an Electron utility process or a forked Node child (no parent port).');
  return {
    post: (message) => void send(message),
    onMessage: (listener) => void process.on('message', listener),
    onParentGone: (listener) => void process.on('disconnect', listener),
  };
}

/**
 * Start failures worth another try: the port or the database is busy for a moment (an old
 * hub still letting go of it). Anything else — a refused setting, a bad certificate, an
 * unwritable folder, a newer database — fails the same way every time.
 */
const TRANSIENT_CODES = new Set(['EADDRINUSE', 'EBUSY', 'EAGAIN', 'SQLITE_BUSY', 'SQLITE_LOCKED']);
const isTransient = (error: unknown): boolean => TRANSIENT_CODES.has(String((error as { code?: unknown } | null)?.code));

export interface RunHubChildOptions {
  /** Ends the process; tests may replace it. */
  exit?: (code: number) => void;
  log?: (message: string) => void;
}

/** Serves the protocol on `port` until shutdown. Resolves once the handlers are installed. */
export function runHubChild(hubModule: HubModule, port: ChildPort, options: RunHubChildOptions = {}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const log = options.log ?? ((message: string) => console.error(`[hub-child] ${message}`));
  let hub: HubHandle | null = null;
  let starting = false;
  let stopping: Promise<void> | null = null;
  let unsubscribe: (() => void) | null = null;

  const stop = (code: number): Promise<void> => {
    stopping ??= (async () => {
      unsubscribe?.();
      try {
        await hub?.close();
      } catch (error) {
        log(`closing the hub failed: ${errorMessage(error)}`);
        code = code || 1;
      }
      exit(code);
    })();
    return stopping;
  };

  const start = async (options: Parameters<HubModule['createHub']>[0]) => {
    starting = true;
    try {
      hub = await hubModule.createHub({
        ...options,
        onRestartRequested: () => {
          log('a restore is staged; stopping so the hub starts again on the restored data');
          void stop(RESTART_FOR_RESTORE);
        },
      });
      unsubscribe = hub.events.subscribe((event) => port.post({ kind: 'event', event }));
      const { url } = await hub.listen();
      port.post({ kind: 'ready', url, issuer: hub.issuer });
    } catch (error) {
      port.post({ kind: 'fatal', message: `The hub could not start: ${errorMessage(error)}`, retry: isTransient(error) });
      await stop(1);
    }
  };

  port.onParentGone(() => void stop(0));
  port.onMessage((raw) => {
    const parsed = ParentMessage.safeParse(raw);
    if (!parsed.success) {
      log(`ignored a malformed message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      // Answer a request we can identify, so the parent does not wait for its timeout.
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
        port.post({ kind: 'response', id, result: internalError('The hub received a malformed request.') });
      }
      return;
    }
    const message = parsed.data;
    switch (message.kind) {
      case 'start':
        if (starting) log('ignored a second start message');
        else void start(message.options);
        return;
      case 'shutdown':
        void stop(0);
        return;
      case 'request': {
        const { id, op, input } = message;
        if (!hub || stopping) {
          port.post({ kind: 'response', id, result: internalError('The hub is not running.') });
          return;
        }
        hub.admin
          .call(op, input, DESKTOP_ACTOR)
          .catch((error: unknown) => internalError(`The hub failed on ${op}: ${errorMessage(error)}`))
          .then((result) => {
            try {
              port.post({ kind: 'response', id, result });
            } catch (error) {
              // e.g. a value that cannot be cloned; the caller still gets an answer.
              port.post({ kind: 'response', id, result: internalError(`The hub's answer to ${op} could not be sent: ${errorMessage(error)}`) });
            }
          });
        return;
      }
    }
  });
}
