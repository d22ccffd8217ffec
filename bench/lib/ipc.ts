// A tiny request/response protocol over Node's child-process IPC channel, shared by the
// bench's server children (hub, baseline) and its load-generator child.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

type Message = { id: number; op: string; args?: unknown };
type Reply = { id: number; ok: boolean; value?: unknown; error?: string };

/** In a child: answers the parent's requests with `handlers`, then says it is ready. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- IPC values are JSON chosen by each op; callers name the type
export function serve(handlers: Record<string, (args: any) => unknown>, ready: Record<string, unknown> = {}): void {
  process.on('message', async (message: Message) => {
    let reply: Reply;
    try {
      const handler = handlers[message.op];
      if (!handler) throw new Error(`unknown op ${message.op}`);
      reply = { id: message.id, ok: true, value: await handler(message.args) };
    } catch (error) {
      reply = { id: message.id, ok: false, error: (error as Error).stack ?? String(error) };
    }
    process.send!(reply);
  });
  process.on('disconnect', () => process.exit(0)); // never outlive the bench
  process.send!({ id: 0, ok: true, value: ready });
}

export type Child = {
  readonly process: ChildProcess;
  readonly pid: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- IPC values are JSON chosen by each op; callers name the type
  readonly ready: Record<string, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- IPC values are JSON chosen by each op; callers name the type
  call<T = any>(op: string, args?: unknown): Promise<T>;
  /** Resident set size of the child now, and its peak, in bytes (from /proc). */
  rss(): { rss: number; peak: number };
  stop(): Promise<void>;
};

export type StartOptions = {
  /** A program that runs node, e.g. valgrind: `{ command: 'valgrind', args: ['--tool=callgrind'] }`. */
  wrapper?: { command: string; args: string[] };
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
};

export async function start(entry: string, args: string[] = [], execArgv: string[] = [], options: StartOptions = {}): Promise<Child> {
  const { wrapper, env } = options;
  const nodeArgs = ['--disable-warning=ExperimentalWarning', ...execArgv];
  const child = wrapper
    ? fork(entry, args, { execPath: wrapper.command, execArgv: [...wrapper.args, process.execPath, ...nodeArgs], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    : fork(entry, args, { execArgv: nodeArgs, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 1;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- IPC values are JSON chosen by each op; callers name the type
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let exited = false;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- IPC values are JSON chosen by each op; callers name the type
  const ready = await new Promise<Record<string, any>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code} before it was ready`)));
    child.on('message', (reply: Reply) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- IPC values are JSON chosen by each op; callers name the type
      if (reply.id === 0) return resolve(reply.value as Record<string, any>);
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.error));
    });
  });
  child.removeAllListeners('exit');
  child.once('exit', (code) => {
    exited = true;
    for (const waiter of pending.values()) waiter.reject(new Error(`${entry} exited with ${code}`));
    pending.clear();
  });
  const handle: Child = {
    process: child,
    pid: child.pid!,
    ready,
    call(op, callArgs) {
      if (exited) return Promise.reject(new Error(`${entry} is not running`));
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, op, args: callArgs });
      });
    },
    rss: () => procRss(child.pid!),
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        await handle.call('close');
      } catch {
        // it may exit before answering
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
  return handle;
}

export function procRss(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/**
 * CPU time used so far (user + system), in ms, from /proc (Linux clock ticks of 10 ms): the whole
 * process, or with `mainThread` its main thread alone (the one that runs JavaScript).
 */
export function procCpuMs(pid: number, mainThread = false): number {
  try {
    const stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14 and 15)
  } catch {
    return 0;
  }
}
