// `lanyard client add`: a device (--grants device_code), confidential by default or public;
// lifetimes given as durations; sign-out addresses (post-logout redirect URIs, back-channel URI).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client } from '../../../shared/admin-contract.ts';
import { openAdmin } from '../../../main/hub/admin/open.ts';
import { inferKind } from '../../../main/hub/domain/clients.ts';
import { lanyard as run, lanyardJson } from '../../support/cli.ts';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

vi.setConfig({ testTimeout: 120_000 });

let dataDir: string;
beforeAll(() => {
  dataDir = newDataDir('cli-client');
});
afterAll(() => removeDataDir(dataDir));

/** `lanyard …args --data DIR`, for the tests that look at exit codes, stderr or the table. */
const lanyard = (args: string[]) => run([...args, '--data', dataDir]);
const add = (...args: string[]) => lanyardJson<{ client_id: string; client_secret?: string }>(dataDir, ['client', 'add', ...args]);

describe('lanyard client add --grants device_code', () => {
  it('registers a device (kind inferred), with a secret, or public with --public', async () => {
    const confidential = add('--name', 'Panel', '--grants', 'device_code,refresh_token', '--scopes', 'lights:read');
    expect(confidential).toEqual({ client_id: expect.any(String), client_secret: expect.any(String) });
    const open = add('--name', 'Display', '--grants', 'device_code', '--public');
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

describe('lanyard client add --access-ttl/--refresh-ttl', () => {
  it('takes lifetimes as durations or seconds', () => {
    const byUnit = add('--name', 'Kiosk', '--grants', 'password,refresh_token', '--access-ttl', '15m', '--refresh-ttl', '30d');
    const bySeconds = add('--name', 'Meter', '--grants', 'client_credentials', '--access-ttl', '7200');
    const clients = lanyardJson<Client[]>(dataDir, ['client', 'list']);
    expect(clients.find((c) => c.clientId === byUnit.client_id)).toMatchObject({ accessTokenTtl: 900, refreshTokenTtl: 2_592_000 });
    expect(clients.find((c) => c.clientId === bySeconds.client_id)).toMatchObject({ accessTokenTtl: 7200 });
  });
});

describe('lanyard client add --post-logout-redirect-uri/--backchannel-logout-uri', () => {
  it('documents the flags', () => {
    expect(lanyard(['client', 'add', '--help']).stdout).toMatch(/--post-logout-redirect-uri <uri>[\s\S]*repeat[\s\S]*--backchannel-logout-uri <uri>/);
  });

  it('registers repeated post-logout URIs and a back-channel URI; client list shows them, in JSON and as a table', () => {
    const added = lanyard([
      'client', 'add', '--name', 'Planner', '--grants', 'authorization_code', '--redirect-uri', 'https://planner.local/cb',
      '--post-logout-redirect-uri', 'https://planner.local/bye', '--post-logout-redirect-uri', 'http://192.168.1.20/bye',
      '--backchannel-logout-uri', 'http://192.168.1.20:8080/backchannel', '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const clientId = (JSON.parse(added.stdout) as { client_id: string }).client_id;
    const listed = JSON.parse(lanyard(['client', 'list', '--json']).stdout) as Client[];
    expect(listed.find((c) => c.clientId === clientId)).toMatchObject({
      postLogoutRedirectUris: ['https://planner.local/bye', 'http://192.168.1.20/bye'],
      backchannelLogoutUri: 'http://192.168.1.20:8080/backchannel',
    });
    const table = lanyard(['client', 'list']).stdout;
    expect(table).toMatch(/POST_LOGOUT\s+BACKCHANNEL/);
    expect(table).toContain('https://planner.local/bye,http://192.168.1.20/bye');
    expect(table).toContain('http://192.168.1.20:8080/backchannel');
  });

  it('refuses what the rules refuse, saying which flag\'s value is wrong and registering nothing', () => {
    const before = (JSON.parse(lanyard(['client', 'list', '--json']).stdout) as Client[]).length;
    const fragment = lanyard(['client', 'add', '--name', 'Bad', '--grants', 'authorization_code', '--redirect-uri', 'https://bad.local/cb', '--post-logout-redirect-uri', 'https://bad.local/bye#x']);
    expect(fragment.code).not.toBe(0);
    expect(fragment.stderr).toMatch(/postLogoutRedirectUris.*without a fragment/);
    const service = lanyard(['client', 'add', '--name', 'Bad', '--grants', 'client_credentials', '--backchannel-logout-uri', 'https://bad.local/bc']);
    expect(service.code).not.toBe(0);
    expect(service.stderr).toMatch(/back-channel logout URI is for applications that sign users in through the browser/);
    expect((JSON.parse(lanyard(['client', 'list', '--json']).stdout) as Client[]).length).toBe(before);
  });
});
