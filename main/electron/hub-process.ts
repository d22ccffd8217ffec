// Runs the hub in an Electron utility process (a Node child with Electron's Node 24), so
// SQLite and oidc-provider never block the main thread. The protocol, request map and
// restart policy live in hub-supervisor.ts; this file only adapts utilityProcess to it.
// The child's stdout/stderr (anything it prints outside its own log file: a native crash
// message, an uncaught error) go to the main log, since a GUI launch has no terminal.
// It starts with the hub's V8 flags and allocator settings (main/hub/node-flags.ts), as
// `lanyard serve` does.
import { createInterface } from 'node:readline';
import { utilityProcess } from 'electron';
import { HUB_NODE_FLAGS, hubEnvironment } from '../hub/node-flags.ts';
import { createHubSupervisor, type ChildHandle, type HubSupervisor, type HubSupervisorOptions } from './hub-supervisor.ts';

/** A line longer than this is cut in the log: the child's output must not flood the main log. */
const MAX_LINE = 2000;

function forkUtilityHub(entry: string, log: (message: string) => void): ChildHandle {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Lanyard hub', stdio: 'pipe', execArgv: [...HUB_NODE_FLAGS], env: hubEnvironment(process.env) });
  for (const [name, stream] of [['stdout', child.stdout], ['stderr', child.stderr]] as const) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => log(`[hub ${name}] ${line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line}`));
  }
  child.on('error', (type, location, report) => log(`the hub process hit a ${type} at ${location}: ${report.slice(0, MAX_LINE)}`));
  return {
    get pid() {
      return child.pid;
    },
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
}

export function createHubProcess(entry: string, options: Omit<HubSupervisorOptions, 'spawn'> & { log: (message: string) => void }): HubSupervisor {
  return createHubSupervisor({ ...options, spawn: () => forkUtilityHub(entry, options.log) });
}
