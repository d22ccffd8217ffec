// Keeps one hub child alive: spawn, send `start`, wait for `ready`, relay calls, restart
// with back-off when the child dies unexpectedly, and stop it cleanly on quit.
// Transport-agnostic (the child handle is a small interface) so plain-Node tests can drive
// it with child_process.fork; hub-process.ts plugs in Electron's utilityProcess.
import type { AdminResult, HubEvent, OperationName, OperationOutput } from '../../shared/admin-contract.ts';
import { createHubClient, type HubClient } from './hub-client.ts';
import type { HubStartOptions } from '../hub/options.ts';
import { RESTART_FOR_RESTORE, internalError, type ParentMessage } from './hub-protocol.ts';

export interface ChildHandle {
  /** The OS process id, once known (for waiting on it synchronously at session end). */
  readonly pid?: number | undefined;
  postMessage(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type HubState =
  | { state: 'stopped' }
  | { state: 'starting' }
  | { state: 'running'; url: string; issuer: string }
  | { state: 'restarting'; reason: string }
  | { state: 'failed'; reason: string; /** True when retrying cannot help (a setting or file to fix). */ deterministic: boolean };

export interface HubSupervisorOptions {
  spawn(): ChildHandle;
  /** Read at every (re)start, so a changed setting applies on the next restart. */
  startOptions(): HubStartOptions;
  requestTimeoutMs?: number;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
  /** Delay before each successive restart; when used up, the supervisor gives up (state `failed`). */
  restartDelaysMs?: readonly number[];
  /** A child that ran this long resets the restart budget. */
  stableAfterMs?: number;
  onState?(state: HubState): void;
  onEvent?(event: HubEvent): void;
  log?(message: string): void;
}

export interface HubSupervisor {
  readonly state: HubState;
  /** Starts the child; resolves with the state once it is running or has failed. */
  start(): Promise<HubState>;
  /** Relays one admin call; waits for a starting hub; never rejects. */
  call<K extends OperationName>(op: K, input: unknown): Promise<AdminResult<OperationOutput<K>>>;
  /** Asks the child to close the hub; kills it after `stopTimeoutMs`. */
  stop(): Promise<void>;
  /** Stops the child if there is one and starts a fresh one with a full restart budget. */
  restart(): Promise<HubState>;
  /** The running child's process id, if any. */
  readonly pid: number | undefined;
}

interface Running {
  handle: ChildHandle;
  client: HubClient;
  startedAt: number;
  fatal: string | null;
  /** False when the child said starting again would fail the same way. */
  retry: boolean;
  startTimer: ReturnType<typeof setTimeout> | null;
  exited: Promise<void>;
}

export function createHubSupervisor(options: HubSupervisorOptions): HubSupervisor {
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const restartDelaysMs = options.restartDelaysMs ?? [500, 2_000, 5_000];
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  const log = options.log ?? (() => {});

  let state: HubState = { state: 'stopped' };
  let current: Running | null = null;
  let restarts = 0;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let stopping = false;
  let waiters: Array<() => void> = [];

  const setState = (next: HubState) => {
    state = next;
    options.onState?.(next);
    if (next.state !== 'starting' && next.state !== 'restarting') {
      const ready = waiters;
      waiters = [];
      for (const wake of ready) wake();
    }
  };

  /** Resolves when the hub is running, failed or stopped, or after `ms`. */
  const settled = (ms: number) =>
    new Promise<void>((resolve) => {
      if (state.state !== 'starting' && state.state !== 'restarting') return resolve();
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== wake);
        resolve();
      }, ms);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      waiters.push(wake);
    });

  const launch = () => {
    restartTimer = null;
    if (state.state !== 'restarting') setState({ state: 'starting' });
    let handle: ChildHandle;
    try {
      handle = options.spawn();
    } catch (error) {
      setState({ state: 'failed', reason: `The hub process could not be started: ${error instanceof Error ? error.message : String(error)}`, deterministic: false });
      return;
    }
    let exitedResolve!: () => void;
    const run: Running = {
      handle,
      startedAt: Date.now(),
      fatal: null,
      retry: true,
      startTimer: null,
      exited: new Promise<void>((resolve) => (exitedResolve = resolve)),
      client: createHubClient({
        post: (message) => handle.postMessage(message),
        timeoutMs: requestTimeoutMs,
        onEvent: (event) => options.onEvent?.(event),
        onReady: ({ url, issuer }) => {
          if (current !== run || stopping) return;
          if (run.startTimer) clearTimeout(run.startTimer);
          run.startedAt = Date.now();
          setState({ state: 'running', url, issuer });
        },
        onFatal: (message, retry) => {
          run.fatal = message;
          run.retry = retry;
          log(message);
        },
        onInvalid: (problem) => log(problem),
      }),
    };
    current = run;
    handle.onMessage((message) => run.client.receive(message));
    handle.onExit((code) => {
      exitedResolve();
      if (run.startTimer) clearTimeout(run.startTimer);
      onExit(run, code);
    });
    run.startTimer = setTimeout(() => {
      run.fatal ??= `The hub did not start within ${startTimeoutMs / 1000} s.`;
      log(run.fatal);
      handle.kill();
    }, startTimeoutMs);
    try {
      handle.postMessage({ kind: 'start', options: options.startOptions() });
    } catch (error) {
      run.fatal = `The hub process did not accept its start message: ${error instanceof Error ? error.message : String(error)}`;
      handle.kill();
    }
  };

  const onExit = (run: Running, code: number | null) => {
    if (current !== run) return;
    current = null;
    if (stopping) {
      run.client.failAll('The hub was stopped.');
      setState({ state: 'stopped' });
      return;
    }
    const wasRunning = state.state === 'running';
    const restoring = code === RESTART_FOR_RESTORE && !run.fatal;
    const reason = run.fatal ?? (restoring ? 'The hub restarts on a restored backup.' : `The hub process stopped unexpectedly (exit code ${code ?? 'none'}).`);
    run.client.failAll(reason);
    log(reason);
    // A restart asked for by a restore is no crash: it does not use up the restart budget.
    if (restoring || (wasRunning && Date.now() - run.startedAt >= stableAfterMs)) restarts = 0;
    const delay = run.retry ? restartDelaysMs[restarts] : undefined;
    if (delay === undefined) {
      setState({ state: 'failed', reason, deterministic: !run.retry });
      return;
    }
    restarts += 1;
    setState({ state: 'restarting', reason });
    restartTimer = setTimeout(launch, delay);
  };

  const supervisor: HubSupervisor = {
    get state() {
      return state;
    },
    get pid() {
      return current?.handle.pid;
    },
    async start() {
      if (current || restartTimer) return state;
      stopping = false;
      restarts = 0;
      launch();
      await settled(startTimeoutMs + restartDelaysMs.reduce((a, b) => a + b + startTimeoutMs, 0));
      return state;
    },
    async call(op, input) {
      await settled(startTimeoutMs);
      if (state.state !== 'running' || !current) {
        const why = 'reason' in state ? ` ${state.reason}` : '';
        return internalError(`The hub is not running (${state.state}).${why}`);
      }
      return current.client.call(op, input);
    },
    async stop() {
      stopping = true;
      if (restartTimer) {
        clearTimeout(restartTimer);
        restartTimer = null;
      }
      const run = current;
      if (!run) {
        setState({ state: 'stopped' });
        return;
      }
      const killTimer = setTimeout(() => {
        log(`The hub did not stop within ${stopTimeoutMs / 1000} s; killing it.`);
        run.handle.kill();
      }, stopTimeoutMs);
      try {
        run.handle.postMessage({ kind: 'shutdown' });
      } catch {
        run.handle.kill();
      }
      await run.exited;
      clearTimeout(killTimer);
    },
    async restart() {
      await supervisor.stop();
      return supervisor.start();
    },
  };
  return supervisor;
}

/** One line for the tray and logs. */
export function describeHubState(state: HubState): string {
  switch (state.state) {
    case 'stopped':
      return 'Hub stopped';
    case 'starting':
      return 'Hub starting…';
    case 'running':
      return `Hub running at ${state.issuer}`;
    case 'restarting':
      return `Hub restarting: ${state.reason}`;
    case 'failed':
      return `Hub failed: ${state.reason}`;
  }
}
