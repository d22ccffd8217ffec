// The hub serves the console build's files at /console/: assets with their own type, the
// app's index.html for anything else, and nothing outside the build directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';
import { startHub, type TestHub } from '../../support/hub.ts';

describe('console static files', () => {
  let t: TestHub;
  let dir: string;
  let neighbour: string;
  beforeAll(async () => {
    dir = newDataDir('console-files');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'app-1.css'), 'body{}');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'export {}');
    // A file right next to the build directory, which no path may reach.
    neighbour = `${dir}-secret-neighbour.txt`;
    writeFileSync(neighbour, 'secret');
    t = await startHub({ consoleDir: dir });
  });
  afterAll(async () => {
    await t?.cleanup();
    removeDataDir(dir);
    removeDataDir(neighbour);
  });

  it('serves assets with their own content type', async () => {
    const css = await fetch(`${t.url}/console/assets/app-1.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toBe('body{}');
    const js = await fetch(`${t.url}/console/assets/app-1.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('redirects /console to /console/ and serves the app with a content security policy', async () => {
    expect((await fetch(`${t.url}/console`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');
    const index = await fetch(`${t.url}/console/`);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });

  it('answers index.html for the app and unknown paths, and never leaves the build directory', async () => {
    for (const path of ['/console/', '/console/nothing-here', '/console/users', '/console/..%2f..%2fetc%2fpasswd']) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await response.text(), path).toContain('<title>console</title>');
    }
    const name = basename(neighbour);
    for (const escape of [`/console/..%2f${name}`, `/console/%2e%2e/${name}`, `/console/assets/..%2f..%2f${name}`]) {
      expect(await (await fetch(`${t.url}${escape}`)).text(), escape).not.toContain('secret');
    }
  });
});
