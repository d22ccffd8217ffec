// AdminApi over the Electron preload bridge. The preload exposes `window.lanyard` with one
// function per contract operation, keyed by the exact operation name
// (`window.lanyard['clients.list'](input)`), each answering an AdminResult, plus
// `onEvent(listener) → unsubscribe` for the live stream (IPC_EVENT_CHANNEL underneath).
import { HubEvent, OPERATION_NAMES, type AdminApi, type AdminResult, type OperationName } from '../../shared/admin-contract.ts';

export type LanyardBridge = {
  [K in OperationName]?: (input: unknown) => Promise<AdminResult<unknown>>;
} & {
  onEvent?: (listener: (event: unknown) => void) => () => void;
};

declare global {
  interface Window {
    lanyard?: LanyardBridge;
  }
}

/** True when running inside the Electron shell with the preload bridge. */
export const hasIpcBridge = (w: Window = window): boolean =>
  typeof w.lanyard === 'object' && w.lanyard !== null && OPERATION_NAMES.some((op) => typeof w.lanyard?.[op] === 'function');

export function createIpcAdminApi(bridge: LanyardBridge): AdminApi {
  return {
    async call(operation, input) {
      const fn = bridge[operation];
      if (typeof fn !== 'function')
        return { ok: false, error: { code: 'not_found', message: `This version of the desktop app does not offer "${operation}"; update Lanyard.` } };
      try {
        return (await fn(input)) as never;
      } catch (cause) {
        return { ok: false, error: { code: 'internal', message: `The hub did not answer (${cause instanceof Error ? cause.message : String(cause)}).` } };
      }
    },
    subscribe(listener) {
      if (typeof bridge.onEvent !== 'function') return () => undefined;
      return bridge.onEvent((raw) => {
        const parsed = HubEvent.safeParse(raw);
        if (parsed.success) listener(parsed.data);
      });
    },
  };
}
