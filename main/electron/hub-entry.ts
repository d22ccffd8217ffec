// Entry of the hub's utility process (bundled to dist/electron/hub-entry.mjs): the hub core
// runs here, off Electron's main thread, and talks to the main process over parentPort.
import * as hubCore from '../hub/index.ts';
import { processPort, runHubChild } from './hub-child.ts';
import type { HubModule } from './hub-types.ts';

const hubModule: HubModule = hubCore;
runHubChild(hubModule, processPort());
