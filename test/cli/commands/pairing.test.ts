// `lanyard pairing create/list/revoke`: the --json a device maker scripts against, the pairing
// string carrying the fingerprint of the certificate the hub last served with, durations and
// refusals of bad flags; a device registers with what the CLI printed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHub } from '../../../main/hub/index.ts';
import { parsePairingUri } from '../../../shared/pairing-uri.ts';
import { lanyard, lanyardJson } from '../../support/cli.ts';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

vi.setConfig({ testTimeout: 120_000 });

let dataDir: string;
beforeAll(() => {
  dataDir = newDataDir('cli-pairing');
});
afterAll(() => removeDataDir(dataDir));

type Created = { id: string; initial_access_token: string; registration_endpoint: string; issuer: string; fingerprint: string | null; pairing_uri: string; expires_at: string; uses: number; grants: string[]; scopes: string[] };

describe('lanyard pairing', () => {
  it('creates a pairing whose --json carries the token, the endpoint, the issuer and the fingerprint the hub served with', async () => {
    const plain = lanyardJson<Created>(dataDir, ['pairing', 'create', '--name', 'Porch', '--scopes', 'lights:read', '--uses', '3', '--expires', '20m']);
    expect(plain).toMatchObject({ id: expect.any(String), initial_access_token: expect.stringMatching(/^lyi_/), fingerprint: null, uses: 3, grants: ['client_credentials'], scopes: ['lights:read'] });
    expect(plain.registration_endpoint).toBe(`${plain.issuer}/reg`);
    expect(Date.parse(plain.expires_at) - Date.now()).toBeGreaterThan(19 * 60_000);
    expect(Date.parse(plain.expires_at) - Date.now()).toBeLessThanOrEqual(20 * 60_000);
    expect(parsePairingUri(plain.pairing_uri)).toEqual({ issuer: plain.issuer, fingerprint: null, token: plain.initial_access_token });

    // Once a hub served HTTPS from this data directory, the CLI's pairing strings carry its issuer and fingerprint.
    const hub = await createHub({ dataDir, host: '127.0.0.1', port: 0, tls: 'generated' });
    let fingerprint: string;
    let issuer: string;
    try {
      ({ issuer } = await hub.listen());
      fingerprint = (await hub.admin.run('status.get', {}, 'test')).tls!.fingerprint256;
    } finally {
      await hub.close();
    }
    const secure = lanyardJson<Created>(dataDir, ['pairing', 'create', '--grants', 'device_code,refresh_token', '--approval']);
    expect(secure).toMatchObject({ issuer, fingerprint, registration_endpoint: `${issuer}/reg` });
    expect(parsePairingUri(secure.pairing_uri)).toEqual({ issuer, fingerprint, token: secure.initial_access_token });

    const human = lanyard(['pairing', 'create', '--name', 'Garage', '--data', dataDir]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Pairing Garage .*1 device\(s\), for 15m/);
    expect(human.stdout).toContain('lanyard-pair://v1?issuer=');
    expect(human.stdout).toMatch(/[█▀▄]/); // the QR code

    const listed = lanyardJson<{ id: string; state: string; requiresApproval: boolean }[]>(dataDir, ['pairing', 'list']);
    expect(listed.map((p) => p.id)).toEqual(expect.arrayContaining([plain.id, secure.id]));
    expect(listed.find((p) => p.id === secure.id)).toMatchObject({ state: 'active', requiresApproval: true });
    expect(lanyardJson<{ state: string }>(dataDir, ['pairing', 'revoke', plain.id])).toMatchObject({ state: 'revoked' });
    // Nothing in the database would let a copy of it register a device.
    const { Store } = await import('../../../main/hub/store/index.ts');
    const store = new Store(dataDir);
    try {
      const rows = JSON.stringify(store.db.prepare('SELECT * FROM pairings').all());
      expect(rows).not.toContain(plain.initial_access_token);
      expect(rows).not.toContain(secure.initial_access_token);
    } finally {
      store.close();
    }
  });

  it('refuses bad flags with a one-line error', () => {
    // Each run is a process start (seconds on a busy machine): the flag parsers' cases are in test/cli/arguments.test.ts.
    const longer = lanyard(['pairing', 'create', '--expires', '31d', '--data', dataDir]);
    expect(longer.code).toBe(2);
    expect(longer.stderr).toMatch(/^lanyard: .*--expires must be .* to 30d/);
    const password = lanyard(['pairing', 'create', '--grants', 'password', '--data', dataDir]);
    expect(password.code).toBe(2);
    expect(password.stderr).toMatch(/a pairing cannot allow password/);
    const unknown = lanyard(['pairing', 'revoke', 'nope', '--data', dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no pairing "nope"/);
  });
});
