import { describe, expect, it, vi } from 'vitest';
import { OPERATION_NAMES } from '../../shared/admin-contract.ts';
import { DESKTOP_CHANNELS, DESKTOP_STATE_CHANNEL, IPC_EVENT_CHANNEL, ipcChannel } from '../../shared/transport.ts';
import { buildBridge } from '../../main/electron/bridge.ts';

function setup() {
  const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const on = vi.fn((channel: string, listener: (payload: unknown) => void) => {
    const set = listeners.get(channel) ?? new Set();
    set.add(listener);
    listeners.set(channel, set);
    return () => void set.delete(listener);
  });
  return { bridge: buildBridge({ invoke, on }), invoke, listeners };
}

describe('preload bridge', () => {
  it('exposes exactly one function per contract operation, onEvent and the desktop calls, and nothing else', () => {
    const { bridge } = setup();
    expect(Object.keys(bridge).sort()).toEqual(['admin', 'desktop', 'onEvent']);
    expect(Object.keys(bridge.desktop!).sort()).toEqual(['get', 'onState', 'openLogs', 'restartHub', 'revert', 'save']);
    expect(Object.isFrozen(bridge.desktop)).toBe(true);
    expect(Object.keys(bridge.admin).sort()).toEqual([...OPERATION_NAMES].sort());
    for (const fn of Object.values(bridge.admin)) expect(typeof fn).toBe('function');
    expect(Object.isFrozen(bridge) && Object.isFrozen(bridge.admin)).toBe(true);
  });

  it('calls each operation on its own channel with its input', async () => {
    const { bridge, invoke } = setup();
    for (const op of OPERATION_NAMES) {
      const call = bridge.admin[op] as (input?: unknown) => Promise<unknown>;
      expect(await call({ marker: op })).toEqual({ ok: true, value: { channel: ipcChannel(op), input: { marker: op } } });
    }
    expect(invoke).toHaveBeenCalledTimes(OPERATION_NAMES.length);
    expect(new Set(invoke.mock.calls.map(([channel]) => channel)).size).toBe(OPERATION_NAMES.length);
    await bridge.admin['status.get']();
    expect(invoke).toHaveBeenLastCalledWith('lanyard:admin:status.get', {});
  });

  it('onEvent delivers payloads from the event channel and unsubscribes', () => {
    const { bridge, listeners } = setup();
    const seen: unknown[] = [];
    const off = bridge.onEvent((event) => void seen.push(event));
    const channel = listeners.get(IPC_EVENT_CHANNEL)!;
    expect(channel.size).toBe(1);
    for (const listener of channel) listener({ id: 1 });
    expect(seen).toEqual([{ id: 1 }]);
    off();
    expect(channel.size).toBe(0);
    expect(() => bridge.onEvent('nope' as never)).toThrow(TypeError);
  });

  it('sends each desktop call on its own channel and delivers desktop state pushes', async () => {
    const { bridge, invoke, listeners } = setup();
    const desktop = bridge.desktop!;
    const settings = { listen: 'loopback', certificate: null, insecureHttp: false, dataDir: null, closeAction: 'ask' } as const;
    await desktop.get();
    await desktop.save(settings);
    await desktop.revert();
    await desktop.restartHub();
    await desktop.openLogs();
    expect(invoke.mock.calls).toEqual([
      [DESKTOP_CHANNELS.get, {}],
      [DESKTOP_CHANNELS.save, settings],
      [DESKTOP_CHANNELS.revert, {}],
      [DESKTOP_CHANNELS.restartHub, {}],
      [DESKTOP_CHANNELS.openLogs, {}],
    ]);
    const seen: unknown[] = [];
    const off = desktop.onState((view) => void seen.push(view));
    for (const listener of listeners.get(DESKTOP_STATE_CHANNEL)!) listener({ hub: { state: 'running' } });
    expect(seen).toEqual([{ hub: { state: 'running' } }]);
    off();
    expect(listeners.get(DESKTOP_STATE_CHANNEL)!.size).toBe(0);
  });
});
