import { describe, expect, it, vi } from 'vitest';
import { guardedAdminCall, type InvokeEventLike, type SenderPolicy } from '../../main/electron/ipc-guard.ts';
import { isAppUrl } from '../../main/electron/app-origin.ts';

const WINDOW_ID = 7;
const policy: SenderPolicy = { isTrustedWebContents: (id) => id === WINDOW_ID, isAppUrl };
const mainFrame = (url = 'app://console/index.html#/applications'): InvokeEventLike => ({ sender: { id: WINDOW_ID }, senderFrame: { url, parent: null } });

function setup() {
  const relay = vi.fn(async (op: string, input: unknown) => ({ ok: true as const, value: { op, input } }));
  const refused: string[] = [];
  const call = (op: Parameters<typeof guardedAdminCall>[0], event: InvokeEventLike, input: unknown) =>
    guardedAdminCall(op, event, input, { policy, relay, onRefused: (_op, problem) => void refused.push(problem) });
  return { relay, refused, call };
}

describe('IPC guard', () => {
  it('relays valid input from the main frame of the console window, with defaults applied', async () => {
    const { relay, call } = setup();
    const result = await call('users.list', mainFrame(), { query: 'ann' });
    expect(result).toEqual({ ok: true, value: { op: 'users.list', input: { query: 'ann', limit: 50 } } });
    expect(relay).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a page from another origin', { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a file:// page', { sender: { id: WINDOW_ID }, senderFrame: { url: 'file:///tmp/index.html', parent: null } }],
    ['app:// with another host', { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://evil/index.html', parent: null } }],
    ['a look-alike host', { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://console.evil/index.html', parent: null } }],
    ['a subframe of the console', { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://console/index.html', parent: {} } }],
    ['a missing senderFrame (null)', { sender: { id: WINDOW_ID }, senderFrame: null }],
    ['a missing senderFrame (undefined)', { sender: { id: WINDOW_ID }, senderFrame: undefined }],
    ['another webContents', { sender: { id: WINDOW_ID + 1 }, senderFrame: { url: 'app://console/index.html', parent: null } }],
  ] as Array<[string, InvokeEventLike]>)('refuses %s without relaying', async (_name, event) => {
    const { relay, refused, call } = setup();
    const result = await call('clients.delete', event, { clientId: 'abc' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(relay).not.toHaveBeenCalled();
    expect(refused).toHaveLength(1);
  });

  it('answers invalid_input with field errors for bad input and does not relay', async () => {
    const { relay, call } = setup();
    const result = await call('users.create', mainFrame(), { username: 'ann', password: 'short', admin: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.fields).toHaveProperty('password');
    expect(result.error.fields).toHaveProperty('_'); // the unknown key `admin`, refused by .strict()
    expect(await call('clients.get', mainFrame(), 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(relay).not.toHaveBeenCalled();
  });

  it('turns a relay that throws into an internal error instead of throwing across IPC', async () => {
    const result = await guardedAdminCall('status.get', mainFrame(), undefined, {
      policy,
      relay: async () => {
        throw new Error('port closed');
      },
    });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'The desktop relay failed: port closed' } });
  });
});
