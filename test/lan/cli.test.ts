// `lanyard client add --grants device_code`: a device, confidential by default or public.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openAdmin } from '../../main/hub/admin/open.ts';
import { inferKind } from '../../main/hub/domain/clients.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
// The project's Node 24, never the system's.
const node = path.join(root, 'node_modules', '.bin', 'node');
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function lanyard(dataDir: string, ...args: string[]) {
  const { stdout } = await run(node, [path.join(root, 'bin', 'lanyard.js'), ...args, '--data', dataDir, '--json'], { cwd: root });
  return JSON.parse(stdout) as { client_id: string; client_secret?: string };
}

describe('lanyard client add --grants device_code', () => {
  it('registers a device (kind inferred), with a secret, or public with --public', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lanyard-cli-'));
    dirs.push(dataDir);
    const confidential = await lanyard(dataDir, 'client', 'add', '--name', 'Panel', '--grants', 'device_code,refresh_token', '--scopes', 'lights:read');
    expect(confidential).toEqual({ client_id: expect.any(String), client_secret: expect.any(String) });
    const open = await lanyard(dataDir, 'client', 'add', '--name', 'Display', '--grants', 'device_code', '--public');
    expect(open).toEqual({ client_id: expect.any(String) });

    const { admin, close } = openAdmin(dataDir);
    try {
      expect(await admin.run('clients.get', { clientId: confidential.client_id }, 'test')).toMatchObject({ kind: 'device', public: false, grants: ['device_code', 'refresh_token'], scopes: ['lights:read'] });
      expect(await admin.run('clients.get', { clientId: open.client_id }, 'test')).toMatchObject({ kind: 'device', public: true, grants: ['device_code'] });
    } finally {
      close();
    }
  });

  it('infers the other kinds as before', () => {
    expect(inferKind(['authorization_code'], true)).toBe('spa');
    expect(inferKind(['password', 'refresh_token'], false)).toBe('first_party');
    expect(inferKind(['client_credentials'], false)).toBe('service');
    expect(inferKind(['authorization_code', 'refresh_token'], false)).toBe('web');
  });
});
