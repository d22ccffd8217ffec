// The built `lanyard` command (scripts/build-cli.mjs): what it holds, that it runs a backup with
// the small worker bundle beside it, and how bin/lanyard.js chooses between it and the sources.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliModule } from '../../bin/cli-module.js';
import { openAdmin } from '../../main/hub/admin/open.ts';
import { buildCli } from '../../scripts/build-cli.mjs';
import { removeDataDir, startHub } from '../support/hub.ts';

vi.setConfig({ testTimeout: 120_000 });

const root = join(import.meta.dirname, '..', '..');
let outdir = '';
let externals: Record<string, string[]> = {};
let work = '';

beforeAll(async () => {
  // Inside the checkout, so the bundles' one external import (better-sqlite3) resolves.
  mkdirSync(join(root, 'dist'), { recursive: true });
  outdir = mkdtempSync(join(root, 'dist', 'test-cli-'));
  ({ externals } = await buildCli({ outdir, logLevel: 'silent' }));
  work = mkdtempSync(join(tmpdir(), 'lanyard-cli-bundle-'));
  const { admin, close } = openAdmin(join(work, 'hub'));
  await admin.run('users.create', { username: 'root', password: 'root-password-1', roles: ['admin'] }, 'test');
  close();
});
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
  if (work) removeDataDir(work);
});

/** `lanyard ...args` run from the bundle in `outdir`, as bin/lanyard.js runs it. */
function bundled(args: string[]) {
  writeFileSync(join(outdir, 'run.mjs'), "const { main } = await import('./lanyard.mjs');\nawait main(process.argv);\n");
  return spawnSync(process.execPath, [join(outdir, 'run.mjs'), ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('the built lanyard command', () => {
  it('is ASCII only: one other character makes Node hold the whole source as UTF-16 and decode it slowly', () => {
    for (const file of ['lanyard.mjs', 'backup-worker.mjs']) expect(readFileSync(join(outdir, file)).findIndex((byte) => byte > 0x7f), file).toBe(-1);
  });

  it('leaves only Node built-ins and better-sqlite3 to the runtime', () => {
    expect(Object.keys(externals).sort()).toEqual(['backup-worker.mjs', 'lanyard.mjs']);
    for (const [file, ids] of Object.entries(externals)) expect(ids.filter((id) => !isBuiltin(id) && id !== 'better-sqlite3'), file).toEqual([]);
  });

  it("keeps oidc-provider's model names: a token it mints is stored and listed as one", async () => {
    // oidc-provider stores each model under its class's name; a bundle that renamed or dropped
    // class names (esbuild's minifySyntax did) stored tokens under an empty model name.
    const t = await startHub({}, join(work, 'tokens'));
    await t.run('roles.create', { name: 'resident', scopes: ['lights:read'] });
    await t.addUser('alice', 'alice-password-1', ['resident']);
    await t.stop();
    const made = bundled(['token', 'create', '--user', 'alice', '--name', 'script', '--scopes', 'lights:read', '--data', t.dataDir, '--json']);
    expect(made.status, made.stderr).toBe(0);
    const listed = bundled(['token', 'list', '--user', 'alice', '--data', t.dataDir, '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: JSON.parse(made.stdout).id, name: 'script' })]);
  });

  it('backs up through the worker bundle beside it, and cannot without it', () => {
    const made = bundled(['backup', '--data', join(work, 'hub'), '--out', join(work, 'copy.db'), '--json']);
    expect(made.status, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ file: join(work, 'copy.db'), encrypted: false });
    rmSync(join(outdir, 'backup-worker.mjs'));
    const without = bundled(['backup', '--data', join(work, 'hub'), '--out', join(work, 'again.db')]);
    expect(without.status).not.toBe(0);
    expect(without.stderr).toMatch(/backup-worker\.mjs/);
  });
});

describe('bin/lanyard.js chooses', () => {
  const fake = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-cli-choice-'));
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    mkdirSync(join(dir, 'main', 'cli'), { recursive: true });
    writeFileSync(join(dir, 'main', 'cli', 'main.ts'), '');
    writeFileSync(join(dir, 'dist', 'cli', 'lanyard.mjs'), '');
    writeFileSync(join(dir, 'dist', 'cli', 'inputs.json'), JSON.stringify({ inputs: ['main/cli/main.ts'] }));
    const at = (file: string, seconds: number) => utimesSync(join(dir, file), seconds, seconds);
    at('main/cli/main.ts', 1_000);
    at('dist/cli/lanyard.mjs', 2_000);
    return { dir, at, root: pathToFileURL(`${dir}/`), chosen: () => cliModule(pathToFileURL(`${dir}/`)).pathname.slice(pathToFileURL(dir).pathname.length + 1) };
  };

  it('the bundle while no file it was built from is newer, the sources once one is', () => {
    const { dir, at, chosen } = fake();
    expect(chosen()).toBe('dist/cli/lanyard.mjs');
    at('main/cli/main.ts', 3_000);
    expect(chosen()).toBe('main/cli/main.ts');
    rmSync(dir, { recursive: true });
  });

  it('the sources when the bundle is not built, its manifest is missing, or one of its inputs is gone', () => {
    const missingInput = fake();
    writeFileSync(join(missingInput.dir, 'dist', 'cli', 'inputs.json'), JSON.stringify({ inputs: ['main/cli/main.ts', 'main/cli/gone.ts'] }));
    missingInput.at('dist/cli/lanyard.mjs', 2_000);
    expect(missingInput.chosen()).toBe('main/cli/main.ts');
    const noManifest = fake();
    rmSync(join(noManifest.dir, 'dist', 'cli', 'inputs.json'));
    expect(noManifest.chosen()).toBe('main/cli/main.ts');
    const notBuilt = fake();
    rmSync(join(notBuilt.dir, 'dist', 'cli', 'lanyard.mjs'));
    expect(notBuilt.chosen()).toBe('main/cli/main.ts');
    for (const { dir } of [missingInput, noManifest, notBuilt]) rmSync(dir, { recursive: true });
  });
});
