// The bench harness end to end in --quick mode with tiny numbers: every section of the JSON
// is filled in. Behaviour only: timings are not asserted.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lanyard-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WORKLOADS = ['client_credentials', 'introspection', 'refresh_token', 'password', 'authorization_code'];

test('npm run bench -- --quick writes a complete result', async () => {
  const out = join(dir, 'result.json');
  const args = ['--disable-warning=ExperimentalWarning', join(ROOT, 'bench', 'run.ts'), '--quick', '--duration', '1', '--connections', '2', '--rounds', '1', '--scale', '2000', '--out', out];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, output).toBe(0);

  const result = JSON.parse(readFileSync(out, 'utf8'));
  expect(result.config).toMatchObject({ quick: true, duration: 1, connections: 2, rounds: 1, scale: 2000 });
  expect(result.scrypt.verifyMs).toBeGreaterThan(0);
  for (const workload of WORKLOADS) {
    const entry = result.sideBySide.workloads[workload];
    for (const side of [entry.hub, entry.baseline]) {
      expect(side.rounds).toHaveLength(1);
      expect(side.rounds[0].ok, `${workload}: ${JSON.stringify(side.rounds[0])}`).toBeGreaterThan(0);
      expect(side.rps).toBeGreaterThan(0);
      expect(side.rssMB).toBeGreaterThan(0);
    }
    expect(entry.ratio).toBeGreaterThan(0);
    expect(entry.hub.cpuMsPerRequest).toBeGreaterThan(0);
  }
  // The code round exchanges codes both servers still hold (bench/lib/code-pool.ts): no more
  // than 1 % failed on either side, so its ratio is comparable.
  const codeRound = result.sideBySide.workloads.authorization_code;
  expect(codeRound.comparable, JSON.stringify(codeRound.baseline.rounds[0])).toBe(true);
  for (const side of [codeRound.hub, codeRound.baseline]) expect(side.rounds[0].codes).toMatchObject({ dropped: 0, starved: 0 });
  expect(result.sideBySide.rss.hubIdleMB).toBeGreaterThan(0);
  // kill -9 in the middle of a load, restart, every acknowledged token introspected
  expect(result.durability.acknowledged).toBeGreaterThan(0);
  expect(result.durability.checked).toBe(result.durability.acknowledged);
  expect(result.durability.lost).toBe(0);
  const scale = result.scale;
  expect(scale.seed).toMatchObject({ tokens: 2000, expired: 200 });
  expect(scale.purge.removed).toBeGreaterThanOrEqual(200);
  expect(scale.admin.firstPage.items).toBe(50);
  expect(scale.admin.deepPage.items).toBeGreaterThan(0);
  expect(scale.admin.count.live).toBeGreaterThanOrEqual(2000);
  expect(scale.clientCredentials.ratio).toBeGreaterThan(0);
  expect(scale.introspection.ratio).toBeGreaterThan(0);
  expect(scale.database.totalMB).toBeGreaterThan(0);
  expect(scale.rss.seededMB).toBeGreaterThan(0);
  // The console step (bench/console.ts): one open and a short scroll in quick mode, if Chromium is here.
  if (existsSync('/usr/bin/chromium')) {
    expect(result.console.error).toBeUndefined();
    expect(result.console.firstRow.samples).toHaveLength(1);
    expect(result.console.firstRow.p50).toBeGreaterThan(0);
    expect(result.console.scroll.frames).toBeGreaterThan(0);
    expect(result.console.scroll.rowsLoaded).toBeGreaterThanOrEqual(100);
  } else {
    expect(result.console.skipped).toContain('chromium');
  }
  expect(result.startup.empty.median).toBeGreaterThan(0);
  expect(result.startup.empty.idleMB.median).toBeGreaterThan(0);
  expect(result.startup.desktop.idleMB).toBeGreaterThan(0); // the desktop app's hub bundle, built and started
  expect(result.startup.seeded.median).toBeGreaterThan(0);
  expect(output).toContain('hub/base');
  expect(output).toMatch(/Targets: \d+ of \d+ met/);
}, 420_000); // every section, a console build and the desktop bundle: past 180 s on a machine shared with other work
