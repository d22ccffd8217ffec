// Adapts a Node child (child_process.fork) to the supervisor's ChildHandle, the way
// hub-process.ts adapts Electron's utilityProcess.
import { fork, type ChildProcess } from 'node:child_process';
import type { ChildHandle } from '../../main/electron/hub-supervisor.ts';

export function forkChild(entry: string, spawned: ChildProcess[] = []): () => ChildHandle {
  return () => {
    const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('error', () => {}); // send() after exit; the supervisor sees the exit
    spawned.push(child);
    return {
      pid: child.pid,
      postMessage: (message) => void child.send(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.on('exit', (code) => listener(code)),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}
