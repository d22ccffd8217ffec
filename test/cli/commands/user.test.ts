// `lanyard user reset-2fa`: an administrator removes the authenticator app, passkeys and recovery
// codes of someone who lost them; the removal is in the audit log, and an unknown name is one line.
// `lanyard user add --expires` and `user set-expiry`: a guest's account given as a duration.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openAdmin } from '../../../main/hub/admin/open.ts';
import { factorSecrets } from '../../../main/hub/security/factor-secrets.ts';
import { loadMasterKey } from '../../../main/hub/security/keyring.ts';
import { hashRecoveryCode, newRecoveryCodes } from '../../../main/hub/security/recovery-codes.ts';
import { newTotpSecret } from '../../../main/hub/security/totp.ts';
import type { User } from '../../../shared/admin-contract.ts';
import { lanyard, lanyardJson } from '../../support/cli.ts';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

vi.setConfig({ testTimeout: 120_000 });

let dataDir: string;
beforeAll(() => {
  dataDir = newDataDir('cli-user');
});
afterAll(() => removeDataDir(dataDir));

/** alice with an authenticator app, a passkey and ten recovery codes, written through the hub's factor repository. */
async function aliceWithFactors(): Promise<string> {
  const { admin, store, close } = openAdmin(dataDir);
  try {
    const alice = await admin.run('users.create', { username: 'alice', password: 'alice-password-1', roles: [] }, 'test');
    store.factors.startTotp(alice.id, factorSecrets(loadMasterKey(dataDir, undefined, { create: true })).seal(newTotpSecret(), alice.id));
    store.factors.confirmTotp(alice.id);
    store.factors.addPasskey({ credentialId: 'cred-1', userId: alice.id, name: 'phone', publicKey: new Uint8Array(65), counter: 0, transports: ['internal'], rpId: 'localhost' });
    store.factors.replaceRecoveryCodes(alice.id, newRecoveryCodes(10).map(hashRecoveryCode));
    expect(store.factors.summary(alice.id)).toEqual({ totp: true, passkeys: 1 });
    return alice.id;
  } finally {
    close();
  }
}

describe('lanyard user reset-2fa', () => {
  it("removes a user's second factors and recovery codes, audited", async () => {
    const aliceId = await aliceWithFactors();
    const reset = lanyardJson<{ username: string; secondFactors: unknown }>(dataDir, ['user', 'reset-2fa', 'alice']);
    expect(reset).toMatchObject({ username: 'alice', secondFactors: { totp: false, passkeys: 0 } });

    const { admin, store, close } = openAdmin(dataDir);
    try {
      expect(store.factors.summary(aliceId)).toEqual({ totp: false, passkeys: 0 });
      expect(store.factors.recoveryCodesLeft(aliceId)).toBe(0);
      const audit = await admin.run('audit.list', { subject: aliceId, limit: 10 }, 'test');
      expect(audit.items.map((e) => e.summary)).toContain('Second factors of alice reset by cli: authenticator app, 1 passkey(s), 10 recovery code(s)');
    } finally {
      close();
    }
  });

  it('says in one line that there is no such user', () => {
    const result = lanyard(['user', 'reset-2fa', 'nobody', '--data', dataDir]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^lanyard: There is no user "nobody"\.\n$/);
  });
});

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

describe('lanyard user grant-role / revoke-role', () => {
  it('gives a role until a time or for good, takes it away, and says what is wrong in one line', async () => {
    const { admin, close } = openAdmin(dataDir);
    try {
      await admin.run('roles.create', { name: 'resident', scopes: ['lights:read'] }, 'test');
      await admin.run('roles.create', { name: 'weekend', scopes: ['pool:open'] }, 'test');
      await admin.run('users.create', { username: 'rhea', password: 'rhea-password-1', roles: ['resident'] }, 'test');
    } finally {
      close();
    }
    const before = Date.now();
    const granted = lanyardJson<User>(dataDir, ['user', 'grant-role', 'rhea', 'weekend', '--expires', '48h']);
    expect(granted.roles).toEqual(['resident', 'weekend']);
    expect(Object.keys(granted.roleExpiries!)).toEqual(['weekend']); // resident stays for good
    expect(Date.parse(granted.roleExpiries!.weekend!)).toBeGreaterThanOrEqual(before + 48 * 3600_000 - 1000);
    expect(Date.parse(granted.roleExpiries!.weekend!)).toBeLessThanOrEqual(Date.now() + 48 * 3600_000);

    const human = lanyard(['user', 'list', '--data', dataDir]);
    expect(human.stdout).toMatch(/rhea\s+resident, weekend until 20\d\d-/);

    const forGood = lanyard(['user', 'grant-role', 'rhea', 'weekend', '--data', dataDir]);
    expect(forGood.stdout.trim()).toBe('User rhea holds weekend for good');
    expect(lanyardJson<User>(dataDir, ['user', 'grant-role', 'rhea', 'weekend', '--expires', '1h']).roleExpiries).toHaveProperty('weekend');

    expect(lanyardJson<User>(dataDir, ['user', 'revoke-role', 'rhea', 'weekend'])).toMatchObject({ roles: ['resident'], roleExpiries: {} });
    const again = lanyard(['user', 'revoke-role', 'rhea', 'weekend', '--data', dataDir]);
    expect(again.code).not.toBe(0);
    expect(again.stderr.trim()).toBe('lanyard: User rhea does not hold the role "weekend".');
    const tooShort = lanyard(['user', 'grant-role', 'rhea', 'weekend', '--expires', '10s', '--data', dataDir]);
    expect(tooShort.code).toBe(2);
    expect(tooShort.stderr).toMatch(/--expires/);
    expect(lanyard(['user', 'grant-role', '--help']).stdout).toMatch(/--expires <duration>/);
  });
});
