// The API the preload exposes to the console as `window.lanyard`: one function per admin
// operation plus the live event stream. Built from injected invoke/on functions so it can be
// tested without Electron; preload.ts passes ipcRenderer's.
import { OPERATION_NAMES, type HubEvent } from '../../shared/admin-contract.ts';
import { IPC_EVENT_CHANNEL, ipcChannel, type LanyardBridge } from '../../shared/transport.ts';

export { BRIDGE_GLOBAL, type LanyardBridge } from '../../shared/transport.ts';

export interface BridgeDeps {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Subscribes to a main→renderer channel with the payload only (never the IPC event); returns unsubscribe. */
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

export function buildBridge(deps: BridgeDeps): LanyardBridge {
  const admin = Object.fromEntries(
    OPERATION_NAMES.map((op) => [op, (input?: unknown) => deps.invoke(ipcChannel(op), input ?? {})]),
  ) as LanyardBridge['admin'];
  return Object.freeze({
    admin: Object.freeze(admin),
    onEvent(listener: (event: HubEvent) => void) {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
      return deps.on(IPC_EVENT_CHANNEL, (payload) => listener(payload as HubEvent));
    },
  });
}
