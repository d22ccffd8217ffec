// Entry of the hub's utility process (bundled to dist/electron/hub-entry.mjs): the hub core
// runs here, off Electron's main thread, and talks to the main process over parentPort.
import { isMainThread } from 'node:worker_threads';
import * as hubCore from '../hub/index.ts';
import { processPort, runHubChild } from './hub-child.ts';
import type { HubModule } from './hub-types.ts';

const hubModule: HubModule = hubCore;
// The hub's backup worker threads run this bundle too (hub/backup/worker.ts): only the main thread is the hub.
if (isMainThread) runHubChild(hubModule, processPort());
