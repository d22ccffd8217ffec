// The API the preload exposes to the console as `window.lanyard`: one function per admin
// operation, the live event stream, and the desktop app's own calls (settings, logs, hub
// restart). Built from injected invoke/on functions so it can be tested without Electron;
// preload.ts passes ipcRenderer's.
import { OPERATION_NAMES, type HubEvent } from '../../shared/admin-contract.ts';
import type { DesktopView } from '../../shared/desktop.ts';
import { DESKTOP_CHANNELS, DESKTOP_STATE_CHANNEL, IPC_EVENT_CHANNEL, ipcChannel, type DesktopBridge, type LanyardBridge } from '../../shared/transport.ts';

export { BRIDGE_GLOBAL, type LanyardBridge } from '../../shared/transport.ts';

export interface BridgeDeps {
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Subscribes to a main→renderer channel with the payload only (never the IPC event); returns unsubscribe. */
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

function subscriber<T>(deps: BridgeDeps, channel: string) {
  return (listener: (payload: T) => void) => {
    if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
    return deps.on(channel, (payload) => listener(payload as T));
  };
}

function buildDesktop(deps: BridgeDeps): DesktopBridge {
  const call = (channel: string, input?: unknown) => deps.invoke(channel, input ?? {}) as Promise<never>;
  return Object.freeze({
    get: () => call(DESKTOP_CHANNELS.get),
    save: (settings) => call(DESKTOP_CHANNELS.save, settings),
    revert: () => call(DESKTOP_CHANNELS.revert),
    restartHub: () => call(DESKTOP_CHANNELS.restartHub),
    openLogs: () => call(DESKTOP_CHANNELS.openLogs),
    onState: subscriber<DesktopView>(deps, DESKTOP_STATE_CHANNEL),
  });
}

export function buildBridge(deps: BridgeDeps): LanyardBridge {
  const admin = Object.fromEntries(
    OPERATION_NAMES.map((op) => [op, (input?: unknown) => deps.invoke(ipcChannel(op), input ?? {})]),
  ) as LanyardBridge['admin'];
  return Object.freeze({
    admin: Object.freeze(admin),
    onEvent: subscriber<HubEvent>(deps, IPC_EVENT_CHANNEL),
    desktop: buildDesktop(deps),
  });
}
