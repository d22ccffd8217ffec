// A private LAN made for one test: two Linux network namespaces joined by a veth pair
// (10.77.0.1 ↔ 10.77.0.2), created as root and removed afterwards, with processes started
// inside them and, on request, Avahi (avahi-daemon on its own D-Bus system bus) in one of them.
// Names are random so parallel runs never collide; every wait is bounded.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOOLS = ['ip', 'unshare', 'avahi-daemon', 'avahi-browse', 'dbus-daemon'];
const SUBNET = '10.77.0';
const WAIT_MS = 20_000;

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

function installed(tool: string): boolean {
  try {
    run('sh', ['-c', `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
}

/** Why this machine cannot host the test LAN, or null when it can. */
export function testLanSkipReason(): string | null {
  if (process.platform !== 'linux') return 'network namespaces exist only on Linux';
  if (process.getuid?.() !== 0) return 'not running as root, which creating network namespaces needs';
  const missing = TOOLS.filter((tool) => !installed(tool));
  if (missing.length) return `${missing.join(', ')} not installed (apt-get install iproute2 util-linux avahi-daemon avahi-utils dbus)`;
  const probe = `lyprobe${randomBytes(3).toString('hex')}`;
  try {
    run('ip', ['netns', 'add', probe]);
    run('ip', ['netns', 'del', probe]);
  } catch (error) {
    return `"ip netns add" fails here: ${((error as { stderr?: string }).stderr ?? String(error)).trim()}`;
  }
  return null;
}

/** A process started in a namespace: its output so far, and waits on it. */
export class NsProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  constructor(child: ChildProcess) {
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (this.stdout += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }
  /** Resolves when `found` holds for the output, fails with the output after `ms`. */
  async waitFor<T>(found: (out: { stdout: string; stderr: string }) => T | undefined | null | false, ms = WAIT_MS): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = found(this);
      if (value) return value;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`gave up waiting (exit ${this.child.exitCode}); stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  /** SIGTERM, then SIGKILL if it is still there after `ms`; the exit code. */
  async stop(ms = 5000): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface Side {
  namespace: string;
  device: string;
  address: string;
}

export class TestLan {
  readonly a: Side;
  readonly b: Side;
  readonly dir = mkdtempSync(join(tmpdir(), 'lanyard-lan-'));
  readonly #processes: NsProcess[] = [];
  #busAddress: string | null = null;

  constructor() {
    const id = randomBytes(3).toString('hex');
    this.a = { namespace: `lyA${id}`, device: `lya${id}`, address: `${SUBNET}.1` };
    this.b = { namespace: `lyB${id}`, device: `lyb${id}`, address: `${SUBNET}.2` };
  }

  /** Makes the namespaces and the link, as FACTS.md "mDNS on a test network" says. */
  create(): void {
    for (const side of [this.a, this.b]) run('ip', ['netns', 'add', side.namespace]);
    run('ip', ['link', 'add', this.a.device, 'type', 'veth', 'peer', 'name', this.b.device]);
    for (const side of [this.a, this.b]) {
      const ip = (...args: string[]) => run('ip', ['-n', side.namespace, ...args]);
      run('ip', ['link', 'set', side.device, 'netns', side.namespace]);
      ip('addr', 'add', `${side.address}/24`, 'dev', side.device);
      ip('link', 'set', 'lo', 'up');
      ip('link', 'set', side.device, 'up');
      // Without a route for multicast, sends to 224.0.0.251 fail with ENETUNREACH.
      ip('route', 'add', '224.0.0.0/4', 'dev', side.device);
    }
  }

  /** A second link between the namespaces (10.78.0.1 ↔ 10.78.0.2): an interface that appears later. */
  addLink(): { a: string; b: string } {
    const [deviceA, deviceB] = [this.a.device.replace(/^lya/, 'lyc'), this.b.device.replace(/^lyb/, 'lyd')];
    run('ip', ['link', 'add', deviceA, 'type', 'veth', 'peer', 'name', deviceB]);
    const ends = [[this.a, deviceA, '10.78.0.1'], [this.b, deviceB, '10.78.0.2']] as const;
    for (const [side, device, address] of ends) {
      run('ip', ['link', 'set', device, 'netns', side.namespace]);
      run('ip', ['-n', side.namespace, 'addr', 'add', `${address}/24`, 'dev', device]);
      run('ip', ['-n', side.namespace, 'link', 'set', device, 'up']);
    }
    return { a: '10.78.0.1', b: '10.78.0.2' };
  }

  /** Replaces a side's address (a DHCP renewal handing out another one). */
  renumber(side: Side, address: string): void {
    run('ip', ['-n', side.namespace, 'addr', 'del', `${side.address}/24`, 'dev', side.device]);
    run('ip', ['-n', side.namespace, 'addr', 'add', `${address}/24`, 'dev', side.device]);
    side.address = address;
  }

  /** Starts `command` inside the side's namespace; stopped by close() at the latest. */
  spawn(side: Side, command: string, args: string[], env: NodeJS.ProcessEnv = {}): NsProcess {
    const child = spawn('ip', ['netns', 'exec', side.namespace, command, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const started = new NsProcess(child);
    this.#processes.push(started);
    return started;
  }

  /** Runs `command` inside the namespace to its end (bounded); its exit code and output. */
  async exec(side: Side, command: string, args: string[], timeoutMs = WAIT_MS): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const started = this.spawn(side, command, args, this.#busAddress ? { DBUS_SYSTEM_BUS_ADDRESS: this.#busAddress } : {});
    const timer = setTimeout(() => started.child.kill('SIGKILL'), timeoutMs);
    const code = await started.exited;
    clearTimeout(timer);
    return { code, stdout: started.stdout, stderr: started.stderr };
  }

  /**
   * avahi-daemon in `side`'s namespace, on a D-Bus system bus of its own (avahi-browse talks to
   * the daemon over D-Bus), with its own host name and a private /run (its pid file lives there).
   */
  async startAvahi(side: Side): Promise<void> {
    const socket = join(this.dir, 'system_bus_socket');
    const busConfig = join(this.dir, 'bus.conf');
    writeFileSync(busConfig, `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*"/><allow receive_sender="*"/></policy>
</busconfig>
`);
    const avahiConfig = join(this.dir, 'avahi-daemon.conf');
    writeFileSync(avahiConfig, `[server]
host-name=${side.namespace.toLowerCase()}
use-ipv4=yes
use-ipv6=no
allow-interfaces=${side.device}
enable-dbus=yes
[wide-area]
enable-wide-area=no
[publish]
publish-addresses=no
publish-hinfo=no
publish-workstation=no
`);
    const bus = this.spawn(side, 'dbus-daemon', ['--config-file', busConfig, '--nofork', '--print-address']);
    this.#busAddress = (await bus.waitFor(({ stdout }) => stdout.split('\n')[0]?.startsWith('unix:') && stdout.split('\n')[0])) || null;
    const daemon = this.spawn(side, 'unshare', ['--mount', 'sh', '-c', `mount -t tmpfs tmpfs /run && exec avahi-daemon -f ${avahiConfig} --no-drop-root --no-chroot --no-rlimits --no-proc-title`], { DBUS_SYSTEM_BUS_ADDRESS: this.#busAddress! });
    await daemon.waitFor(({ stderr }) => stderr.includes('Server startup complete'));
  }

  /** avahi-browse inside `side`, with the test's D-Bus bus. */
  avahiBrowse(side: Side, args: string[]): NsProcess {
    return this.spawn(side, 'avahi-browse', args, { DBUS_SYSTEM_BUS_ADDRESS: this.#busAddress ?? '' });
  }

  /** Stops every process started here, then removes the namespaces (and with them the link). */
  async close(): Promise<void> {
    await Promise.all(this.#processes.splice(0).map((started) => started.stop()));
    for (const side of [this.a, this.b]) {
      try {
        run('ip', ['netns', 'del', side.namespace]);
      } catch {
        // never created (create() failed part-way)
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
