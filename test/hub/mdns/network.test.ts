// The hub on a real network made for the test: `lanyard serve` in one network namespace, and
// in the other both `lanyard discover` and Debian's avahi-browse (a DNS-SD client nobody here
// wrote) find it with its TXT records; it says goodbye when it stops, renames itself when its
// name is taken, follows address and interface changes, and stays silent when switched off.
// Needs root, iproute2, util-linux, avahi-daemon, avahi-utils and dbus; otherwise skipped, saying why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdmin } from '../../../main/hub/admin/open.ts';
import { instanceName } from '../../../main/hub/mdns/advertisement.ts';
import type { FoundHub } from '../../../main/hub/mdns/browse.ts';
import { VERSION } from '../../../main/hub/version.ts';
import { LANYARD_BIN as bin } from '../../support/cli.ts';
import { fileURLToPath } from 'node:url';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';
import { TestLan, testLanSkipReason, type NsProcess } from '../../support/netns.ts';

// The Node running the tests (the project's Node 24), never the system's.
const node = process.execPath;
const renewingHub = fileURLToPath(new URL('../../support/renewing-hub.ts', import.meta.url));
const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
/** Each step's bound: starting hubs, a few 2-second discoveries, stopping them. */
const STEP_MS = 90_000;

const reason = testLanSkipReason();
if (reason) console.info(`mDNS network test skipped: ${reason}`);

type LogLine = { msg?: string; level?: number; fingerprint256?: string };
const logLines = (stderr: string): LogLine[] =>
  stderr.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });

/** One avahi-browse -p result line (`=;iface;proto;name;type;domain;host;address;port;txt`). */
type AvahiEntry = { event: string; name: string; type: string; host?: string; address?: string; port?: number; txt?: Record<string, string> };

/** avahi-browse escapes names as \DDD (decimal bytes) and quotes each TXT string. */
const unescape = (text: string) => text.replace(/\\(\d{3})/g, (_, code: string) => String.fromCharCode(Number(code)));

function avahiEntries(stdout: string): AvahiEntry[] {
  return stdout
    .split('\n')
    .filter((line) => /^[+=-];/.test(line))
    .map((line) => {
      const [event, , , name, type, , host, address, port, txt] = line.split(';');
      const pairs = [...(txt ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) => unescape(match[1]!).split(/=(.*)/s));
      return { event: event!, name: unescape(name!), type: type!, host, address, port: port ? Number(port) : undefined, txt: txt ? Object.fromEntries(pairs.map(([k, v]) => [k, v ?? ''])) : undefined };
    });
}

describe.skipIf(reason !== null)('DNS-SD on a test network (two namespaces, veth)', () => {
  const lan = new TestLan();
  const dirs: string[] = [];

  beforeAll(async () => {
    lan.create();
    await lan.startAvahi(lan.b);
  });
  afterAll(async () => {
    await lan.close();
    for (const dir of dirs) removeDataDir(dir);
  });

  const dataDir = () => {
    const dir = newDataDir('mdns');
    dirs.push(dir);
    return dir;
  };

  /** `lanyard serve` in namespace A; resolves once it says where it listens (and what it advertised). */
  async function serve(args: string[], until = 'Advertised on the LAN'): Promise<{ hub: NsProcess; fingerprint: string | undefined }> {
    const hub = lan.spawn(lan.a, node, [bin, 'serve', '--host', '0.0.0.0', '--json', ...args]);
    await hub.waitFor(({ stderr }) => logLines(stderr).some((line) => line.msg?.startsWith(until)));
    return { hub, fingerprint: logLines(hub.stderr).find((line) => line.fingerprint256)?.fingerprint256 };
  }

  async function discover(): Promise<FoundHub[]> {
    const result = await lan.exec(lan.b, node, [bin, 'discover', '--timeout', '2s', '--json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as FoundHub[];
  }

  /** avahi-browse -rpt: resolves every instance of `type` and exits; retried until one resolves. */
  async function avahiResolve(type: string): Promise<AvahiEntry[]> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await lan.exec(lan.b, 'avahi-browse', ['-rptk', type]);
      const resolved = avahiEntries(result.stdout).filter((entry) => entry.event === '=');
      if (resolved.length) return resolved;
    }
    return [];
  }

  it(
    'lanyard discover and avahi-browse both resolve the hub and its TXT records; it says goodbye when it stops',
    async () => {
      const watcher = lan.avahiBrowse(lan.b, ['-rpk', '_lanyard._tcp']);
      const { hub, fingerprint } = await serve(['--tls', '--port', '54443', '--data', dataDir()]);
      expect(fingerprint).toMatch(FINGERPRINT);
      const name = instanceName();

      const hubs = await discover();
      expect(hubs).toEqual([
        { name, issuer: expect.stringMatching(/^https:\/\/.+:54443$/), fingerprint, version: VERSION, path: '/.well-known/openid-configuration', host: expect.stringMatching(/^lanyard-.*\.local$/), port: 54443, addresses: [lan.a.address] },
      ]);

      const [lanyardService] = await avahiResolve('_lanyard._tcp');
      expect(lanyardService).toMatchObject({ name, type: '_lanyard._tcp', address: lan.a.address, port: 54443, txt: { issuer: hubs[0]!.issuer, fp: fingerprint, v: VERSION, path: '/.well-known/openid-configuration' } });
      const [web] = await avahiResolve('_https._tcp');
      expect(web).toMatchObject({ name, type: '_https._tcp', address: lan.a.address, port: 54443, txt: { issuer: hubs[0]!.issuer, fp: fingerprint, path: '/console/' } });

      await watcher.waitFor(({ stdout }) => avahiEntries(stdout).some((entry) => entry.event === '='));
      expect(await hub.stop()).toBe(0);
      // The PTR record's TTL is 75 minutes: seeing it go now means the goodbye packets arrived.
      await watcher.waitFor(({ stdout }) => avahiEntries(stdout).some((entry) => entry.event === '-' && entry.name === name), 10_000);
      expect(await discover()).toEqual([]);
    },
    STEP_MS,
  );

  it(
    'a second hub with the same name renames itself, and both are listed',
    async () => {
      const first = await serve(['--port', '54443', '--insecure-http', '--data', dataDir()]);
      const second = await serve(['--port', '54444', '--insecure-http', '--data', dataDir()]);
      expect(logLines(second.hub.stderr).some((line) => line.msg?.includes(`advertised as "${instanceName()} (2)"`))).toBe(true);

      const hubs = await discover();
      expect(hubs.map((hub) => [hub.name, hub.port, hub.fingerprint])).toEqual([
        [instanceName(), 54443, null],
        [`${instanceName()} (2)`, 54444, null],
      ]);
      expect(new Set(hubs.map((hub) => hub.host)).size).toBe(2);
      expect(await first.hub.stop()).toBe(0);
      expect(await second.hub.stop()).toBe(0);
    },
    STEP_MS,
  );

  it(
    'after a certificate renewal the TXT fp is the new fingerprint',
    async () => {
      // The generated certificate names the hub's LAN addresses: a new address renews it at the
      // next check (every second here), and the running advertisement takes the new fingerprint.
      const hub = lan.spawn(lan.a, node, [renewingHub, dataDir(), '54443']);
      await hub.waitFor(({ stderr }) => logLines(stderr).some((line) => line.msg?.startsWith('Advertised on the LAN')));
      const [before] = await discover();
      expect(before?.fingerprint).toMatch(FINGERPRINT);
      const original = lan.a.address;
      lan.renumber(lan.a, '10.77.0.9');
      try {
        const renewed = await hub.waitFor(({ stderr }) => logLines(stderr).find((line) => line.msg?.startsWith('TLS certificate renewed'))?.fingerprint256, 30_000);
        expect(renewed).toMatch(FINGERPRINT);
        expect(renewed).not.toBe(before!.fingerprint);
        const deadline = Date.now() + 45_000;
        let seen: (string | null)[] = [];
        while (Date.now() < deadline) {
          seen = (await discover()).map((found) => found.fingerprint);
          if (seen.includes(renewed)) break;
        }
        expect(seen).toEqual([renewed]);
        const [resolved] = await avahiResolve('_lanyard._tcp');
        expect(resolved?.txt?.fp).toBe(renewed);
        expect(await hub.stop()).toBe(0);
      } finally {
        lan.renumber(lan.a, original);
      }
    },
    STEP_MS,
  );

  it(
    'follows the network: a changed address, and an interface that appears after the start',
    async () => {
      const { hub } = await serve(['--port', '54443', '--insecure-http', '--data', dataDir()]);
      expect((await discover()).map((found) => found.addresses)).toEqual([[lan.a.address]]);
      const original = lan.a.address;
      lan.renumber(lan.a, '10.77.0.9');
      try {
        const added = lan.addLink();
        // ciao re-reads its interfaces' addresses every 15 s; the hub looks for new interfaces as often.
        const expected = ['10.77.0.9', added.a];
        const deadline = Date.now() + 60_000;
        let addresses: string[][] = [];
        while (Date.now() < deadline) {
          addresses = (await discover()).map((found) => found.addresses.toSorted());
          if (expected.every((address) => addresses[0]?.includes(address))) break;
        }
        expect(addresses).toEqual([expected]);
        expect(await hub.stop()).toBe(0);
      } finally {
        lan.renumber(lan.a, original);
      }
    },
    STEP_MS + 60_000,
  );

  it(
    'stays off the network with --no-mdns, and with the mdns setting off',
    async () => {
      const flagged = await serve(['--port', '54443', '--insecure-http', '--no-mdns', '--data', dataDir()], 'Not advertised on the LAN');
      const settingDir = dataDir();
      const { admin, close } = openAdmin(settingDir);
      await admin.run('settings.update', { mdns: false }, 'test');
      close();
      const setting = await serve(['--port', '54444', '--insecure-http', '--data', settingDir], 'Not advertised on the LAN');
      for (const started of [flagged, setting]) {
        expect(logLines(started.hub.stderr).find((line) => line.msg?.startsWith('Not advertised'))?.msg).toContain('switched off');
      }
      expect(await discover()).toEqual([]);
      expect(avahiEntries((await lan.exec(lan.b, 'avahi-browse', ['-rptk', '_lanyard._tcp'])).stdout)).toEqual([]);
      expect(await flagged.hub.stop()).toBe(0);
      expect(await setting.hub.stop()).toBe(0);
    },
    STEP_MS,
  );
});
