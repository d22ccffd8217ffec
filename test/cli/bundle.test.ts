// The built `lanyard` command (scripts/build-cli.mjs): what it holds, that it runs a backup with
// the small worker bundle beside it, and how bin/lanyard.js chooses between it and the sources.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkedChoice, cliModule, cliModuleFor } from '../../bin/cli-module.js';
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
  // What bin/lanyard.js does with the bundle it chose.
  writeFileSync(join(outdir, 'run.mjs'), "const { main } = await import('./lanyard.mjs');\nawait main(process.argv);\n");
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
  return spawnSync(process.execPath, [join(outdir, 'run.mjs'), ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('the built lanyard command', () => {
  it('is ASCII only: one other character makes Node hold the whole source as UTF-16 and decode it slowly', () => {
    for (const file of ['lanyard.mjs', 'backup-worker.mjs']) expect(readFileSync(join(outdir, file)).findIndex((byte) => byte > 0x7f), file).toBe(-1);
  });

  it("does not load Node's fetch implementation (undici, ~14 MB) by importing node:http", () => {
    const loaded = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(outdir, 'lanyard.mjs')).href)}); console.log(JSON.stringify(process.moduleLoadList.filter((name) => /undici|http/.test(name))))`], { encoding: 'utf8' });
    expect(loaded.status, loaded.stderr).toBe(0);
    const modules = JSON.parse(loaded.stdout) as string[];
    expect(modules).toContain('NativeModule http');
    expect(modules.filter((name) => name.includes('undici'))).toEqual([]);
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
  /** A package with one source and its bundle, and a manifest of both as a build writes it. */
  const fake = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanyard-cli-choice-'));
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    mkdirSync(join(dir, 'main', 'cli'), { recursive: true });
    writeFileSync(join(dir, 'main', 'cli', 'main.ts'), 'export {};\n');
    writeFileSync(join(dir, 'dist', 'cli', 'lanyard.mjs'), 'export {};\n');
    const record = (...files: string[]) => Object.fromEntries(files.map((file) => [file, [statSync(join(dir, file)).mtimeMs, statSync(join(dir, file)).size]]));
    const manifest = (files: Record<string, unknown>) => writeFileSync(join(dir, 'dist', 'cli', 'inputs.json'), JSON.stringify({ files }));
    manifest(record('main/cli/main.ts', 'dist/cli/lanyard.mjs'));
    const chosen = () => cliModule(pathToFileURL(`${dir}/`)).pathname.slice(pathToFileURL(dir).pathname.length + 1);
    return { dir, record, manifest, chosen, at: (file: string, seconds: number) => utimesSync(join(dir, file), seconds, seconds) };
  };

  it('the bundle while every file it came from is as recorded; the sources once one is newer, or older', () => {
    const { dir, at, chosen } = fake();
    expect(chosen()).toBe('dist/cli/lanyard.mjs');
    at('main/cli/main.ts', 4_000_000_000);
    expect(chosen()).toBe('main/cli/main.ts');
    // Copied in with an old mtime (cp -p, rsync -a, an unpacked archive): a change all the same.
    at('main/cli/main.ts', 1_000);
    expect(chosen()).toBe('main/cli/main.ts');
    rmSync(dir, { recursive: true });
  });

  it('the sources when a file changed size, the bundle was rebuilt without its manifest, or an input is gone', () => {
    const resized = fake();
    const { mtime } = statSync(join(resized.dir, 'main', 'cli', 'main.ts'));
    writeFileSync(join(resized.dir, 'main', 'cli', 'main.ts'), 'export const changed = 1;\n');
    utimesSync(join(resized.dir, 'main', 'cli', 'main.ts'), mtime, mtime);
    expect(resized.chosen()).toBe('main/cli/main.ts');
    const noManifest = fake();
    rmSync(join(noManifest.dir, 'dist', 'cli', 'inputs.json'));
    expect(noManifest.chosen()).toBe('main/cli/main.ts');
    const gone = fake();
    gone.manifest({ ...gone.record('main/cli/main.ts', 'dist/cli/lanyard.mjs'), 'main/cli/gone.ts': [1, 1] });
    expect(gone.chosen()).toBe('main/cli/main.ts');
    for (const { dir } of [resized, noManifest, gone]) rmSync(dir, { recursive: true });
  });

  it("serve's module as its first process chose it, without checking again; a stray word is checked", () => {
    const { dir, at } = fake();
    const root = pathToFileURL(`${dir}/`);
    const relative = (url: URL) => url.pathname.slice(pathToFileURL(dir).pathname.length + 1);
    expect(checkedChoice(root)).toBe('bundle');
    at('main/cli/main.ts', 4_000_000_000);
    expect(checkedChoice(root)).toBe('sources');
    // The replacing process trusts the word it was given (the check ran a moment before)…
    expect(relative(cliModuleFor(root, 'bundle'))).toBe('dist/cli/lanyard.mjs');
    expect(relative(cliModuleFor(root, 'sources'))).toBe('main/cli/main.ts');
    // …and checks for itself when there is none, or it is not one of the two.
    expect(relative(cliModuleFor(root, undefined))).toBe('main/cli/main.ts');
    expect(relative(cliModuleFor(root, '/tmp/evil.mjs'))).toBe('main/cli/main.ts');
    rmSync(dir, { recursive: true });
  });

  it('what a real build recorded: its sources, its build settings and its own bundles', () => {
    const { files } = JSON.parse(readFileSync(join(outdir, 'inputs.json'), 'utf8')) as { files: Record<string, [number, number]> };
    const outRelative = outdir.slice(root.length + 1);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['main/cli/main.ts', 'main/hub/backup/worker.ts', 'package-lock.json', 'scripts/node-bundle.mjs', `${outRelative}/lanyard.mjs`, `${outRelative}/backup-worker.mjs`]));
  });
});
