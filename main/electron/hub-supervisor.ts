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
  return new Supervisor(options);
}

const isSettled = (state: HubState) => state.state !== 'starting' && state.state !== 'restarting';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

class Supervisor implements HubSupervisor {
  readonly #options: HubSupervisorOptions;
  readonly #requestTimeoutMs: number;
  readonly #startTimeoutMs: number;
  readonly #stopTimeoutMs: number;
  readonly #restartDelaysMs: readonly number[];
  readonly #stableAfterMs: number;
  readonly #log: (message: string) => void;

  #state: HubState = { state: 'stopped' };
  #current: Running | null = null;
  #restarts = 0;
  #restartTimer: ReturnType<typeof setTimeout> | null = null;
  #stopping = false;
  #waiters: Array<() => void> = [];

  constructor(options: HubSupervisorOptions) {
    this.#options = options;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.#startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.#restartDelaysMs = options.restartDelaysMs ?? [500, 2_000, 5_000];
    this.#stableAfterMs = options.stableAfterMs ?? 60_000;
    this.#log = options.log ?? (() => {});
  }

  get state(): HubState {
    return this.#state;
  }

  get pid(): number | undefined {
    return this.#current?.handle.pid;
  }

  async start(): Promise<HubState> {
    if (this.#current || this.#restartTimer) return this.#state;
    this.#stopping = false;
    this.#restarts = 0;
    this.#launch();
    const startTimeoutMs = this.#startTimeoutMs;
    await this.#settled(startTimeoutMs + this.#restartDelaysMs.reduce((a, b) => a + b + startTimeoutMs, 0));
    return this.#state;
  }

  async call<K extends OperationName>(op: K, input: unknown): Promise<AdminResult<OperationOutput<K>>> {
    await this.#settled(this.#startTimeoutMs);
    const state = this.#state;
    if (state.state !== 'running' || !this.#current) {
      const why = 'reason' in state ? ` ${state.reason}` : '';
      return internalError(`The hub is not running (${state.state}).${why}`);
    }
    return this.#current.client.call(op, input);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#restartTimer) {
      clearTimeout(this.#restartTimer);
      this.#restartTimer = null;
    }
    const run = this.#current;
    if (!run) {
      this.#setState({ state: 'stopped' });
      return;
    }
    const killTimer = setTimeout(() => {
      this.#log(`The hub did not stop within ${this.#stopTimeoutMs / 1000} s; killing it.`);
      run.handle.kill();
    }, this.#stopTimeoutMs);
    try {
      run.handle.postMessage({ kind: 'shutdown' });
    } catch {
      run.handle.kill();
    }
    await run.exited;
    clearTimeout(killTimer);
  }

  async restart(): Promise<HubState> {
    await this.stop();
    return this.start();
  }

  /** Records the state, tells the listener, and wakes everyone waiting for a settled state. */
  #setState(next: HubState): void {
    this.#state = next;
    this.#options.onState?.(next);
    if (!isSettled(next)) return;
    const ready = this.#waiters;
    this.#waiters = [];
    for (const wake of ready) wake();
  }

  /** Resolves when the hub is running, failed or stopped, or after `ms`. */
  #settled(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (isSettled(this.#state)) return resolve();
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== wake);
        resolve();
      }, ms);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push(wake);
    });
  }

  /** Spawns a child, follows it, and sends it `start`. */
  #launch(): void {
    this.#restartTimer = null;
    if (this.#state.state !== 'restarting') this.#setState({ state: 'starting' });
    let handle: ChildHandle;
    try {
      handle = this.#options.spawn();
    } catch (error) {
      this.#setState({ state: 'failed', reason: `The hub process could not be started: ${messageOf(error)}`, deterministic: false });
      return;
    }
    const run = this.#follow(handle);
    try {
      handle.postMessage({ kind: 'start', options: this.#options.startOptions() });
    } catch (error) {
      run.fatal = `The hub process did not accept its start message: ${messageOf(error)}`;
      handle.kill();
    }
  }

  /** Makes `handle` the current child: its messages reach a hub client, its exit reaches #onExit, and it must start in time. */
  #follow(handle: ChildHandle): Running {
    let exitedResolve!: () => void;
    const run: Running = {
      handle,
      startedAt: Date.now(),
      fatal: null,
      retry: true,
      startTimer: null,
      exited: new Promise<void>((resolve) => (exitedResolve = resolve)),
      client: this.#clientFor(handle, () => run),
    };
    this.#current = run;
    handle.onMessage((message) => run.client.receive(message));
    handle.onExit((code) => {
      exitedResolve();
      if (run.startTimer) clearTimeout(run.startTimer);
      this.#onExit(run, code);
    });
    run.startTimer = setTimeout(() => {
      run.fatal ??= `The hub did not start within ${this.#startTimeoutMs / 1000} s.`;
      this.#log(run.fatal);
      handle.kill();
    }, this.#startTimeoutMs);
    return run;
  }

  /** The protocol client for one child: `ready` makes it running, `fatal` says why it will stop. */
  #clientFor(handle: ChildHandle, run: () => Running): HubClient {
    return createHubClient({
      post: (message) => handle.postMessage(message),
      timeoutMs: this.#requestTimeoutMs,
      onEvent: (event) => this.#options.onEvent?.(event),
      onReady: ({ url, issuer }) => {
        const current = run();
        if (this.#current !== current || this.#stopping) return;
        if (current.startTimer) clearTimeout(current.startTimer);
        current.startedAt = Date.now();
        this.#setState({ state: 'running', url, issuer });
      },
      onFatal: (message, retry) => {
        run().fatal = message;
        run().retry = retry;
        this.#log(message);
      },
      onInvalid: (problem) => this.#log(problem),
    });
  }

  /** A child ended: stopped on purpose, or restarted after a delay while the restart budget lasts. */
  #onExit(run: Running, code: number | null): void {
    if (this.#current !== run) return;
    this.#current = null;
    if (this.#stopping) {
      run.client.failAll('The hub was stopped.');
      this.#setState({ state: 'stopped' });
      return;
    }
    const wasRunning = this.#state.state === 'running';
    const restoring = code === RESTART_FOR_RESTORE && !run.fatal;
    const reason = run.fatal ?? (restoring ? 'The hub restarts on a restored backup.' : `The hub process stopped unexpectedly (exit code ${code ?? 'none'}).`);
    run.client.failAll(reason);
    this.#log(reason);
    // A restart asked for by a restore is no crash: it does not use up the restart budget.
    if (restoring || (wasRunning && Date.now() - run.startedAt >= this.#stableAfterMs)) this.#restarts = 0;
    const delay = run.retry ? this.#restartDelaysMs[this.#restarts] : undefined;
    if (delay === undefined) {
      this.#setState({ state: 'failed', reason, deterministic: !run.retry });
      return;
    }
    this.#restarts += 1;
    this.#setState({ state: 'restarting', reason });
    this.#restartTimer = setTimeout(() => this.#launch(), delay);
  }
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
