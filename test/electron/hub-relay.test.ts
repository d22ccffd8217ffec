// The relay between the main process and the hub child, over a real Node child process:
// the same protocol code (hub-child.ts) that runs in Electron's utility process.
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../shared/admin-contract.ts';
import { createHubClient } from '../../main/electron/hub-client.ts';
import { runHubChild, type ChildPort } from '../../main/electron/hub-child.ts';
import { createHubSupervisor, type HubState, type HubSupervisor } from '../../main/electron/hub-supervisor.ts';
import * as fakeHub from './fixtures/fake-hub.ts';
import { forkChild } from './fork-child.ts';

const childEntry = fileURLToPath(new URL('./fixtures/fake-hub-child.ts', import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function supervise(options: { dataDir?: string | (() => string); requestTimeoutMs?: number; restartDelaysMs?: number[] } = {}) {
  const spawned: ChildProcess[] = [];
  const states: HubState[] = [];
  const events: HubEvent[] = [];
  const supervisor = createHubSupervisor({
    spawn: forkChild(childEntry, spawned),
    startOptions: () => ({ dataDir: (typeof options.dataDir === 'function' ? options.dataDir() : options.dataDir) ?? '/tmp/lanyard-test', host: '127.0.0.1', port: 0 }),
    requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    startTimeoutMs: 10_000,
    stopTimeoutMs: 5_000,
    restartDelaysMs: options.restartDelaysMs ?? [50],
    onState: (state) => states.push(state),
    onEvent: (event) => events.push(event),
  });
  cleanups.push(async () => {
    await supervisor.stop();
    for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { supervisor, spawned, states, events };
}

const pidOf = async (supervisor: HubSupervisor) => {
  const result = await supervisor.call('status.get', {});
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as unknown as { pid: number }).pid;
};

describe('hub relay over a forked child process', () => {
  it('starts the hub, pairs concurrent requests with their answers, and forwards events', async () => {
    const { supervisor, spawned, events } = supervise();
    const state = await supervisor.start();
    expect(state.state).toBe('running');
    if (state.state !== 'running') return;
    const discovery = (await (await fetch(`${state.url}/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(state.issuer);

    const ids = Array.from({ length: 20 }, (_, i) => `client-${i}`);
    const results = await Promise.all(ids.map((clientId) => supervisor.call('clients.get', { clientId })));
    results.forEach((result, i) => {
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.value).toMatchObject({ op: 'clients.get', input: { clientId: ids[i] }, actor: 'desktop', pid: spawned[0]!.pid });
    });

    // The hub's own validation answers travel back unchanged.
    const bad = await supervisor.call('clients.get', { clientId: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    await supervisor.call('clients.get', { clientId: 'emit' });
    await expect.poll(() => events.length).toBe(1);
    expect(events[0]).toMatchObject({ type: 'client.changed', clientId: 'emit', actor: 'desktop' });
  });

  it('answers an internal error when the hub throws', async () => {
    const { supervisor } = supervise();
    await supervisor.start();
    expect(await supervisor.call('clients.get', { clientId: 'throw' })).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('boom') } });
  });

  it('times a request out with an internal error and ignores the late answer', async () => {
    const { supervisor } = supervise({ requestTimeoutMs: 300 });
    await supervisor.start();
    const started = Date.now();
    const result = await supervisor.call('clients.get', { clientId: 'hang' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/did not answer clients.get within 0.3 s/) } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // The child is still fine.
    expect((await supervisor.call('status.get', {})).ok).toBe(true);
  });

  it('resolves pending calls with an internal error when the child dies, then restarts it', async () => {
    const { supervisor, spawned, states } = supervise();
    await supervisor.start();
    const firstPid = await pidOf(supervisor);
    const hanging = supervisor.call('clients.get', { clientId: 'hang' });
    const crashing = supervisor.call('clients.get', { clientId: 'crash' });
    for (const result of await Promise.all([hanging, crashing])) {
      expect(result).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('exit code 3') } });
    }
    // A call made while restarting waits for the new child.
    const secondPid = await pidOf(supervisor);
    expect(secondPid).not.toBe(firstPid);
    expect(spawned).toHaveLength(2);
    expect(states.map((s) => s.state)).toEqual(['starting', 'running', 'restarting', 'running']);
  });

  it('starts a new child when the hub asks to restart on a restored backup, without using up the restart budget', async () => {
    const { supervisor, spawned, states } = supervise({ restartDelaysMs: [20] }); // one crash-restart only
    await supervisor.start();
    for (const restore of [1, 2]) {
      const before = await pidOf(supervisor);
      expect((await supervisor.call('clients.get', { clientId: 'restore' })).ok, `restore ${restore}`).toBe(true);
      await expect.poll(() => supervisor.pid !== before && supervisor.state.state === 'running', { timeout: 10_000 }).toBe(true);
    }
    expect(spawned.map((child) => child.exitCode)).toEqual([75, 75, null]);
    expect(states.filter((s) => s.state === 'restarting')).toEqual([
      { state: 'restarting', reason: 'The hub restarts on a restored backup.' },
      { state: 'restarting', reason: 'The hub restarts on a restored backup.' },
    ]);
  });

  it('retries a transient start failure, then gives up after its restart budget and reports it', async () => {
    const { supervisor, spawned } = supervise({ dataDir: '/tmp/port-busy', restartDelaysMs: [20, 20] });
    const state = await supervisor.start();
    expect(state).toMatchObject({ state: 'failed', reason: expect.stringContaining('EADDRINUSE'), deterministic: false });
    expect(spawned).toHaveLength(3);
    expect(await supervisor.call('status.get', {})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('not running (failed)') } });
  });

  it('stops at once when the start failure is deterministic, and starts again with the options of the moment', async () => {
    let dataDir = '/tmp/fail-to-start';
    const { supervisor, spawned, states } = supervise({ dataDir: () => dataDir, restartDelaysMs: [20, 20] });
    expect(await supervisor.start()).toEqual({ state: 'failed', reason: 'The hub could not start: disk on fire', deterministic: true });
    expect(spawned).toHaveLength(1); // no retries: the same options would fail the same way
    expect(states.map((s) => s.state)).toEqual(['starting', 'failed']);
    dataDir = '/tmp/lanyard-test';
    expect((await supervisor.restart()).state).toBe('running');
    expect(await pidOf(supervisor)).toBe(spawned[1]!.pid);
    expect(supervisor.pid).toBe(spawned[1]!.pid);
  });

  it('stops the child cleanly on shutdown', async () => {
    const { supervisor, spawned, states } = supervise();
    await supervisor.start();
    await supervisor.stop();
    expect(spawned[0]!.exitCode).toBe(0);
    expect(states.at(-1)).toEqual({ state: 'stopped' });
    expect(await supervisor.call('status.get', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('hub protocol over a worker_threads MessageChannel', () => {
  function channelPair() {
    const { port1, port2 } = new MessageChannel();
    cleanups.push(async () => {
      port1.close();
    });
    const exits: number[] = [];
    const childPort: ChildPort = {
      post: (message) => port2.postMessage(message),
      onMessage: (listener) => void port2.on('message', listener),
      onParentGone: () => {},
    };
    runHubChild(fakeHub, childPort, { exit: (code) => void exits.push(code), log: () => {} });
    return { port1, exits };
  }

  it('rejects malformed requests but still answers them', async () => {
    const { port1 } = channelPair();
    const answers: unknown[] = [];
    port1.on('message', (m) => answers.push(m));
    port1.postMessage({ kind: 'start', options: { dataDir: '/tmp/x', port: 0 } });
    await expect.poll(() => answers.length).toBe(1);
    expect(answers[0]).toMatchObject({ kind: 'ready' });
    port1.postMessage({ kind: 'request', id: 7, op: 'no.such.op', input: {} });
    port1.postMessage({ kind: 'request', id: 8, op: 'status.get', input: {} });
    await expect.poll(() => answers.length).toBe(3);
    expect(answers).toContainEqual({ kind: 'response', id: 7, result: { ok: false, error: { code: 'internal', message: 'The hub received a malformed request.' } } });
    expect(answers).toContainEqual(expect.objectContaining({ kind: 'response', id: 8, result: expect.objectContaining({ ok: true }) }));
    port1.postMessage({ kind: 'shutdown' });
  });

  it('the client refuses malformed answers and unknown ids', async () => {
    const posted: unknown[] = [];
    const problems: string[] = [];
    const client = createHubClient({ post: (m) => void posted.push(m), timeoutMs: 1_000, onInvalid: (p) => void problems.push(p) });
    const call = client.call('status.get', {});
    expect(posted).toEqual([{ kind: 'request', id: 1, op: 'status.get', input: {} }]);
    client.receive({ kind: 'response', id: 99, result: { ok: true, value: 1 } });
    client.receive({ kind: 'response', id: 1, result: { ok: false, error: { code: 'nope', message: 'x' } } });
    expect(await call).toEqual({ ok: false, error: { code: 'internal', message: 'The hub sent a malformed answer.' } });
    expect(problems).toHaveLength(2);
    expect(client.pending).toBe(0);
  });
});
