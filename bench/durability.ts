// The durability check of `npm run bench`: a bounded load of token requests against a hub,
// `kill -9` of the hub in the middle of it, a restart on the same data directory, and every
// token the hub had answered with introspected: each must still be active (lost = 0). The
// hub answers only after its row is committed to the WAL, so nothing acknowledged may be lost
// when the process dies (the OS still holds what it wrote; power loss is another matter:
// synchronous=NORMAL, see store/db.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Acknowledged, Chains } from './lib/acknowledged.ts';
import type { Credentials } from './lib/common.ts';
import { start, type Child } from './lib/ipc.ts';

export type DurabilityResult = { killAfterMs: number; acknowledged: number; checked: number; lost: number; lostSample: string[]; firstFailure: string | null; restartMs: number };

export async function checkDurability(options: { load: Child; hubServer: string; execArgv: string[]; env: NodeJS.ProcessEnv; dataDir: string; connections: number; killAfterMs: number; log: (line: string) => void }): Promise<DurabilityResult> {
  const { load, hubServer, execArgv, env, dataDir, connections, killAfterMs, log } = options;
  const hub = await start(hubServer, [dataDir], execArgv, { env });
  let restarted: Child | undefined;
  try {
    const credentials = await hub.call<Credentials>('setup');
    const job = { url: hub.ready.url, credentials };
    const chains = await load.call<Chains>('startChains', { ...job, chains: Math.max(1, Math.floor(connections / 2)) });
    const running = load.call<Acknowledged>('acknowledge', { ...job, connections, maxSeconds: 60, chains });
    await sleep(killAfterMs);
    const exited = new Promise<void>((resolve) => hub.process.once('exit', () => resolve()));
    hub.process.kill('SIGKILL');
    await exited;
    const acknowledged = await running;
    log(`durability: kill -9 after ${killAfterMs} ms of load; ${acknowledged.accessTokens.length} tokens acknowledged; restarting`);
    const began = performance.now();
    restarted = await start(hubServer, [dataDir], execArgv, { env });
    const restartMs = performance.now() - began;
    await restarted.call('use', credentials);
    const { checked, inactive } = await load.call<{ checked: number; inactive: string[] }>('introspectAll', { url: restarted.ready.url, credentials, connections, tokens: acknowledged.accessTokens });
    return { killAfterMs, acknowledged: acknowledged.accessTokens.length, checked, lost: inactive.length, lostSample: inactive.slice(0, 3), firstFailure: acknowledged.firstFailure, restartMs };
  } finally {
    await restarted?.stop();
    await hub.stop(); // no-op once killed
  }
}

