// A hub over HTTPS with a generated certificate that checks for renewal every second (a real
// `lanyard serve` checks daily), for the mDNS network test: run inside a network namespace as
// `node test/support/renewing-hub.ts DATA_DIR PORT`; logs JSON lines to stderr like `lanyard serve
// --json`, and stops on SIGTERM (goodbye packets first).
import { createHub } from '../../main/hub/index.ts';
import { createLogger } from '../../main/hub/log.ts';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) throw new Error('usage: renewing-hub.ts DATA_DIR PORT');
const hub = await createHub({ dataDir, host: '0.0.0.0', port: Number(port), tls: 'generated', certificateCheckMs: 1000, logger: createLogger({ json: true, destination: process.stderr }) });
await hub.listen();
process.once('SIGTERM', () => void hub.close().then(() => process.exit(0)));
