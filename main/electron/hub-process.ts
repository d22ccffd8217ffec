// Runs the hub in an Electron utility process (a Node child with Electron's Node 24), so
// SQLite and oidc-provider never block the main thread. The protocol, request map and
// restart policy live in hub-supervisor.ts; this file only adapts utilityProcess to it.
import { utilityProcess } from 'electron';
import { createHubSupervisor, type ChildHandle, type HubSupervisor, type HubSupervisorOptions } from './hub-supervisor.ts';

export function forkUtilityHub(entry: string): ChildHandle {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Lanyard hub', stdio: 'inherit' });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
}

export function createHubProcess(entry: string, options: Omit<HubSupervisorOptions, 'spawn'>): HubSupervisor {
  return createHubSupervisor({ ...options, spawn: () => forkUtilityHub(entry) });
}
