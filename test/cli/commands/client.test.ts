// `lanyard client add`: a device (--grants device_code), confidential by default or public;
// lifetimes given as durations.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client } from '../../../shared/admin-contract.ts';
import { openAdmin } from '../../../main/hub/admin/open.ts';
import { inferKind } from '../../../main/hub/domain/clients.ts';
import { lanyardJson } from '../../support/cli.ts';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

vi.setConfig({ testTimeout: 120_000 });

let dataDir: string;
beforeAll(() => {
  dataDir = newDataDir('cli-client');
});
afterAll(() => removeDataDir(dataDir));

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
