// `lanyard discover`: lists the Lanyard hubs that answer on the LAN (DNS-SD over mDNS) with
// their issuer and certificate fingerprint — what a device needs to enrol without typing.
import { type Command, InvalidArgumentError } from 'commander';
import { discoverHubs, type FoundHub } from '../../hub/mdns/browse.ts';
import { parseDuration } from '../arguments.ts';
import { Output } from '../output.ts';

type DiscoverFlags = { timeout: number; json?: boolean };

/** How long `discover` listens at most: long enough for a slow network, short enough to wait for. */
const MAX_TIMEOUT_SECONDS = 60;

/** `--timeout 3s` (any duration arguments.ts reads) from 1s to 60s, as seconds; the error names this range, not the general examples. */
function timeoutSeconds(value: string): number {
  const seconds = parseDuration(value);
  if (seconds === undefined || seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) throw new InvalidArgumentError(`--timeout must be from 1s to ${MAX_TIMEOUT_SECONDS}s, e.g. 3s.`);
  return seconds;
}

function describeHub(hub: FoundHub): string {
  return [
    hub.name,
    `  issuer:       ${hub.issuer ?? '(not announced)'}`,
    `  fingerprint:  ${hub.fingerprint ?? '(none: plain HTTP)'}`,
    `  version:      ${hub.version ?? '-'}`,
    `  addresses:    ${hub.addresses.join(', ') || '-'}  port ${hub.port}  (${hub.host})`,
  ].join('\n');
}

async function discover(flags: DiscoverFlags): Promise<void> {
  const out = new Output(!!flags.json);
  const { hubs, interfaces } = await discoverHubs({ timeoutMs: flags.timeout * 1000 });
  out.print(hubs, () =>
    hubs.length > 0
      ? hubs.map(describeHub).join('\n\n')
      : `No Lanyard hub answered on ${interfaces.join(', ')} within ${flags.timeout}s. A hub advertises itself when it listens on a LAN address (--host 0.0.0.0) and mDNS is not switched off (--no-mdns, the mdns setting).`,
  );
}

export function registerDiscover(root: Command): void {
  root
    .command('discover')
    .description('list the Lanyard hubs on the local network (DNS-SD over mDNS): name, issuer, certificate fingerprint, addresses')
    .option('--timeout <duration>', 'how long to listen for answers, 1s to 60s (e.g. 3s, 1m)', timeoutSeconds, 3)
    .option('--json', 'machine-readable output')
    .action(discover);
}
