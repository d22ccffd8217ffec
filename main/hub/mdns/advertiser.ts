// Announces the hub on the LAN over DNS-SD/mDNS and withdraws it (goodbye packets) when the hub
// stops. advertisement.ts decides what and where; this module runs it with @homebridge/ciao.
//
// Why ciao: it is a responder written to RFC 6762/6763 (probing, conflict renaming, announcing,
// goodbyes, answering with the interface's own addresses, following address changes) and passes
// Apple's Bonjour Conformance Test; it has no install script and four small dependencies.
// It only answers — `lanyard discover` browses with bonjour-service (browse.ts).
//
// Two things ciao leaves to us:
// - Which interfaces: on Linux ciao lists them by parsing `ip -o link show`, which names veth
//   and container interfaces `eth0@if12`, so it finds no interface in a container or a network
//   namespace (seen with ciao 1.3.12). We pass the interface names the hub itself sees.
// - New interfaces: with names passed, ciao follows address changes on those interfaces but
//   not interfaces that appear later (Wi-Fi joined after start), so we look again every 15 s
//   and re-announce when the set changes.
// ciao is loaded only when there is something to announce (loopback hubs and tests never load
// it; it installs source-map-support when loaded). `DEBUG=ciao:*` shows what it sends.
import { setTimeout as delay } from 'node:timers/promises';
import type { CiaoService, Responder } from '@homebridge/ciao';
import type { Logger } from '../log.ts';
import { planAdvertisement, type HubFacts, type Plan, type ServiceSpec } from './advertisement.ts';

type Advertised = Extract<Plan, { advertise: true }>;

/** As often as ciao itself re-reads the addresses of the interfaces it was given. */
const WATCH_INTERVAL_MS = 15_000;
/** Goodbyes are sent at once; never let a stuck socket hold up the hub's shutdown longer. */
const GOODBYE_WAIT_MS = 2_000;

export interface Advertiser {
  /** After a certificate renewal: devices learn the new fingerprint from the TXT record. */
  setFingerprint(fingerprint: string): void;
  /** Withdraws the advertisement with goodbye packets; resolves within a few seconds at most. */
  stop(): Promise<void>;
}

interface Published {
  plan: Advertised;
  updateTxt(plan: Advertised): void;
  withdraw(): Promise<void>;
}

const NOTHING: Advertiser = { setFingerprint() {}, stop: async () => {} };

/** What must stay the same for a running advertisement to stay: otherwise announce again. */
const placement = (plan: Advertised) => JSON.stringify([plan.scope, plan.name, plan.port, plan.services.map((service) => service.hostname)]);

/** `"Lanyard on nas._lanyard._tcp", … on eth0`: the names as announced, after any renaming. */
function describe(plan: Advertised, services: CiaoService[]): string {
  const names = services.map((service) => `"${service.getFQDN().replace(/\.local\.$/, '')}"`).join(', ');
  return `${names} on ${plan.scope.interfaces.join(', ')}${plan.scope.address ? ` at ${plan.scope.address}` : ''}`;
}

function createService(responder: Responder, plan: Advertised, spec: ServiceSpec, logger: Logger): CiaoService {
  const service = responder.createService({
    name: plan.name,
    type: spec.type,
    port: plan.port,
    hostname: spec.hostname,
    txt: spec.txt,
    disabledIpv6: !plan.scope.ipv6,
    ...(plan.scope.address ? { restrictedAddresses: [plan.scope.address] } : {}),
  });
  service.on('name-change', (name) => logger.warn(`Another service on the network is already called "${plan.name}" (_${spec.type}._tcp); this hub is advertised as "${name}"`));
  service.on('hostname-change', (hostname) => logger.warn(`Another device on the network already uses ${spec.hostname}.local; this hub's _${spec.type}._tcp points at ${hostname} instead`));
  return service;
}

async function publish(plan: Advertised, logger: Logger): Promise<Published> {
  const { getResponder } = await import('@homebridge/ciao');
  const responder = getResponder({ interface: plan.scope.interfaces, disableIpv6: !plan.scope.ipv6, advertiseIpv6: plan.scope.ipv6 });
  const services = plan.services.map((spec) => createService(responder, plan, spec, logger));
  let withdrawn = false;
  Promise.all(services.map((service) => service.advertise())).then(
    () => logger.info(`Advertised on the LAN as ${describe(plan, services)}`),
    (error: unknown) => withdrawn || logger.warn({ err: error }, 'Could not advertise the hub on the LAN (mDNS); devices must be given its address'),
  );
  // ciao shares a responder between equal options (two hubs in one process); ending our own
  // services sends their goodbyes even while the other hub keeps the responder.
  const withdraw = async () => {
    withdrawn = true;
    await Promise.all(services.map((service) => service.destroy()));
    await responder.shutdown();
  };
  return {
    plan,
    updateTxt: (next) => services.forEach((service, index) => service.updateTxt(next.services[index]!.txt)),
    withdraw: () => Promise.race([withdraw(), delay(GOODBYE_WAIT_MS, undefined, { ref: false })]),
  };
}

/** Starts advertising the hub as `facts` say, following the network until stop(). */
export function startAdvertising(facts: HubFacts, logger: Logger): Advertiser {
  const first = planAdvertisement(facts);
  if (!first.advertise && !first.watch) {
    logger.info(`Not advertised on the LAN: ${first.reason}`);
    return NOTHING;
  }
  let fingerprint = facts.fingerprint;
  let published: Published | null = null;
  let reasonShown: string | null = null;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();
  // One change at a time: a withdrawal finishes before the next announcement starts.
  const enqueue = (work: () => Promise<void> | void) => {
    queue = queue.then(work).catch((error: unknown) => logger.warn({ err: error }, 'mDNS advertisement failed'));
    return queue;
  };

  async function follow(): Promise<void> {
    if (stopped) return;
    const plan = planAdvertisement({ ...facts, fingerprint });
    if (published && plan.advertise && placement(published.plan) === placement(plan)) return;
    await published?.withdraw();
    published = null;
    if (!plan.advertise) {
      if (plan.reason !== reasonShown) logger.info(`Not advertised on the LAN: ${plan.reason}`);
      reasonShown = plan.reason;
      return;
    }
    reasonShown = null;
    published = await publish(plan, logger);
  }

  const timer = setInterval(() => void enqueue(follow), WATCH_INTERVAL_MS);
  timer.unref();
  void enqueue(follow);
  return {
    setFingerprint(next) {
      fingerprint = next;
      void enqueue(() => {
        const plan = planAdvertisement({ ...facts, fingerprint });
        if (published && plan.advertise) published.updateTxt(plan);
      });
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await enqueue(async () => {
        await published?.withdraw();
        published = null;
      });
    },
  };
}
