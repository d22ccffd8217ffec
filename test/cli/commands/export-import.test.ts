// `lanyard export` and `lanyard import` as installers use them: a file from one hub set up on
// another, the plan printed, secrets printed once, bad files refused with the field's path.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openAdmin } from '../../../main/hub/admin/open.ts';
import { lanyard } from '../../support/cli.ts';
import { removeDataDir } from '../../support/hub.ts';

vi.setConfig({ testTimeout: 180_000 });

let work: string;


beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'lanyard-cli-config-'));
  const { admin, close } = openAdmin(join(work, 'first'));
  await admin.run('roles.create', { name: 'resident', scopes: ['lights:read'] }, 'test');
  await admin.run('users.create', { username: 'alice', password: 'alice-password-1', roles: ['resident'] }, 'test');
  await admin.run('clients.create', { kind: 'service', name: 'Thermostat', scopes: ['lights:read'] }, 'test');
  close();
});
afterAll(() => removeDataDir(work));

describe('lanyard export and import', () => {
  it('carry a hub\'s setup to another hub: plan, apply, and the same export there', () => {
    const exported = lanyard(['export', '--data', join(work, 'first')]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^# Lanyard configuration[\s\S]*^lanyard: lanyard-config\/1$/m);
    expect(exported.stdout).not.toContain('users:\n');
    const file = join(work, 'hub.yaml');
    expect(lanyard(['export', '--data', join(work, 'first'), '--out', file]).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readFileSync(file, 'utf8')).toBe(exported.stdout);

    expect(lanyard(['import', file, '--data', join(work, 'second'), '--dry-run']).stderr).toMatch(/There is no Lanyard database in .*second, and a dry run creates nothing/);
    const applied = lanyard(['import', file, '--data', join(work, 'second')]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^create +scope +lights:read/m);
    expect(applied.stdout).toMatch(/^create +application +Thermostat \(/m);
    expect(applied.stdout).toMatch(/Applied, all in one transaction\./);
    expect(lanyard(['export', '--data', join(work, 'second')]).stdout).toBe(exported.stdout);

    const again = JSON.parse(lanyard(['import', file, '--data', join(work, 'second'), '--dry-run', '--json']).stdout) as { applied: boolean; plan: { action: string }[] };
    expect(again.applied).toBe(false);
    expect(again.plan.every((item) => item.action === 'unchanged')).toBe(true);
  });

  it('prints a new application\'s secret once, and --include-users writes a private file', () => {
    const file = join(work, 'new-app.yaml');
    writeFileSync(file, 'lanyard: lanyard-config/1\napplications:\n  - clientId: garage\n    name: Garage\n    kind: device\n    grants: [client_credentials]\n');
    const result = lanyard(['import', file, '--data', join(work, 'first')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/New client secrets — store them now[\s\S]*Garage \(garage\): lys_[A-Za-z0-9_-]{43}/);
    const users = join(work, 'with-users.yaml');
    expect(lanyard(['export', '--data', join(work, 'first'), '--include-users', '--out', users]).stderr).toMatch(/with password hashes: readable only by you/);
    expect(statSync(users).mode & 0o777).toBe(0o600);
  });

  it('refuses an invalid file with the line and path of the field, and changes nothing', () => {
    const file = join(work, 'bad.yaml');
    writeFileSync(file, 'lanyard: lanyard-config/1\napplications:\n  - clientId: x\n    name: X\n    kind: service\n    grants: [teleport]\n');
    const result = lanyard(['import', file, '--data', join(work, 'first')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lanyard: .*bad\.yaml: line 6, applications\[0\]\.grants\[0\]: Invalid option: expected one of "authorization_code"\|/);
    expect(result.stderr).toMatch(/Nothing was changed\./);
  });

  it('has --help', () => {
    for (const command of ['export', 'import']) expect(lanyard([command, '--help']).stdout).toMatch(new RegExp(`Usage: lanyard ${command}`));
  });
});
