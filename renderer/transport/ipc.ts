// AdminApi over the Electron preload bridge. The preload exposes `window.lanyard` (the
// LanyardBridge of shared/transport.ts): `admin[operation](input)` answering an AdminResult,
// one function per contract operation, plus `onEvent(listener) → unsubscribe`.
import { HubEvent, OPERATION_NAMES, type AdminApi } from '../../shared/admin-contract.ts';
import type { LanyardBridge } from '../../shared/transport.ts';
import { i18n } from '../lib/i18n.ts';

export type { LanyardBridge };

declare global {
  interface Window {
    lanyard?: LanyardBridge;
  }
}

/** True when running inside the Electron shell with the preload bridge. */
export const hasIpcBridge = (w: Window = window): boolean =>
  typeof w.lanyard === 'object' && w.lanyard !== null && OPERATION_NAMES.some((op) => typeof w.lanyard?.admin?.[op] === 'function');

export function createIpcAdminApi(bridge: LanyardBridge): AdminApi {
  return {
    async call(operation, input) {
      const fn = bridge.admin?.[operation] as ((input: unknown) => Promise<unknown>) | undefined;
      if (typeof fn !== 'function')
        return { ok: false, error: { code: 'not_found', message: i18n.t('console.transport.notOffered', { operation }) } };
      try {
        return (await fn(input)) as never;
      } catch (cause) {
        return { ok: false, error: { code: 'internal', message: i18n.t('console.transport.noAnswer', { reason: cause instanceof Error ? cause.message : String(cause) }) } };
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
