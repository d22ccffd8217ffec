// `lanyard user add --expires` and `user set-expiry`: a guest's account given as a duration.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../shared/admin-contract.ts';
import { lanyard, lanyardJson } from '../../support/cli.ts';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

vi.setConfig({ testTimeout: 120_000 });

let dataDir: string;
beforeAll(() => {
  dataDir = newDataDir('cli-user');
});
afterAll(() => removeDataDir(dataDir));

describe('lanyard user … --expires', () => {
  it('creates a guest that expires after the duration, and takes the expiry away again', () => {
    const before = Date.now();
    const guest = lanyardJson<User>(dataDir, ['user', 'add', 'visitor', '--expires', '24h', '--password-stdin'], 'visitor-password-1\n');
    const expires = Date.parse(guest.expiresAt!);
    expect(expires).toBeGreaterThanOrEqual(before + 24 * 3600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    expect(lanyardJson<User>(dataDir, ['user', 'set-expiry', 'visitor', '--never'])).toMatchObject({ username: 'visitor', expiresAt: null });
    const both = lanyard(['user', 'set-expiry', 'visitor', '--never', '--expires', '1h', '--data', dataDir]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --expires/);
  });
});
