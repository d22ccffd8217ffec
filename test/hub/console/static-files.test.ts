// The hub serves the console build's files at /console/: assets with their own type, the
// app's index.html for anything else, and nothing outside the build directory.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startHub, type TestHub } from '../../support/hub.ts';

describe('console static files', () => {
  let t: TestHub;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lanyard-console-files-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'app-1.css'), 'body{}');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'export {}');
    t = await startHub({ consoleDir: dir });
  });
  afterAll(async () => {
    await t?.stop();
    removeDataDir(t.dataDir);
    removeDataDir(dir);
  });

  it('serves assets with their own content type', async () => {
    const css = await fetch(`${t.url}/console/assets/app-1.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toBe('body{}');
    const js = await fetch(`${t.url}/console/assets/app-1.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('answers index.html for the app and unknown paths, and never leaves the build directory', async () => {
    for (const path of ['/console/', '/console/nothing-here', '/console/..%2f..%2fetc%2fpasswd']) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await response.text(), path).toContain('<title>console</title>');
    }
  });
});
