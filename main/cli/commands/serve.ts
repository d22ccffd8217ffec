// `lanyard serve`: run the hub (the OAuth 2 server and the web console) until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { createHub, type Hub, type HubOptions, type TlsOption } from '../../hub/index.ts';
import { createLogger, type Logger } from '../../hub/log.ts';
import { resolveDataDir } from '../../hub/options.ts';
import { integer } from '../arguments.ts';
import { common, type Common } from '../common.ts';
import { CliError } from '../output.ts';

type ServeFlags = Common & { host?: string; port?: number; issuer?: string; tls?: boolean; cert?: string; key?: string; insecureHttp?: boolean; mdns: boolean };

export function registerServe(root: Command): void {
  common(root.command('serve'))
    .description('run the hub: the OAuth 2 server and the web console')
    .option('--host <addr>', 'address to bind (default: the stored setting, 127.0.0.1 at first)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', integer('--port', 0, 65535))
    .option('--issuer <url>', 'issuer URL clients use (default: derived from host and port)')
    .option('--tls', 'serve HTTPS (a self-signed certificate is generated unless --cert/--key are given)')
    .option('--cert <file>', 'PEM certificate for HTTPS (implies --tls)')
    .option('--key <file>', 'PEM private key for HTTPS (implies --tls)')
    .option('--insecure-http', 'allow plain HTTP on a LAN address (tokens cross the network in clear text)')
    .option('--no-mdns', 'do not advertise the hub on the LAN over DNS-SD/mDNS (default: the stored setting, on)')
    .action(serve);
}

/** serve's flags as the hub's start options: the one place they are mapped. */
function startOptions(flags: ServeFlags): Omit<HubOptions, 'logger'> {
  if (!!flags.cert !== !!flags.key) throw new CliError('--cert and --key go together: give both files, or neither to use a generated certificate.');
  if (flags.issuer && !URL.canParse(flags.issuer)) throw new CliError(`--issuer must be an absolute URL such as https://hub.local:54443, not "${flags.issuer}".`);
  const tls: TlsOption | undefined = flags.cert && flags.key ? { certFile: flags.cert, keyFile: flags.key } : flags.tls ? 'generated' : undefined;
  return { dataDir: resolveDataDir(flags.data), host: flags.host, port: flags.port, issuer: flags.issuer, tls, insecureHttp: flags.insecureHttp, mdns: flags.mdns ? undefined : false };
}

async function serve(flags: ServeFlags): Promise<void> {
  const options = startOptions(flags);
  const logger = createLogger({ json: !!flags.json });
  // A restore taken from the console restarts the hub in this process, on the restored data.
  const start = () => createHub({ ...options, logger, onRestartRequested: () => void restart() });
  let hub = await start();
  const restart = async () => {
    logger.warn('restarting the hub on the restored data');
    try {
      await hub.close();
      hub = await start();
      await hub.listen();
    } catch (error) {
      logger.error({ err: error }, 'the hub could not restart; stopping (run lanyard serve again)');
      process.exit(1);
    }
  };
  stopOnSignals(() => hub, logger);
  try {
    const { url } = await hub.listen();
    logger.info(`Console: ${url}/console/  (sign in as a user with the admin role; create one with: lanyard user add NAME --role admin --password-stdin)`);
    if (hub.certificate) logger.info({ fingerprint256: hub.certificate.fingerprint256 }, 'TLS certificate fingerprint (SHA-256), for devices that pin it');
  } catch (error) {
    await hub.close();
    throw new CliError((error as Error).message);
  }
}

/** Closes the hub (the current one, after any restart) once on SIGINT or SIGTERM, then exits: 0 when it closed cleanly. */
function stopOnSignals(current: () => Hub, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the hub');
    current().close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
