// `lanyard role … --assignable` and `role set-assignable`: which roles applications that create
// users may give, set from the command line; the hub's rule still refuses a console role.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../shared/admin-contract.ts';
import { lanyard, lanyardJson } from '../../support/cli.ts';
import { newDataDir, removeDataDir } from '../../support/data-dir.ts';

vi.setConfig({ testTimeout: 120_000 });

let data: string;
beforeAll(() => {
  data = newDataDir('cli-role');
});
afterAll(() => removeDataDir(data));

const role = (name: string) => lanyardJson<Role[]>(data, ['role', 'list']).find((r) => r.name === name);

describe('lanyard role and assignable roles', () => {
  it('creates a role applications may give, then turns that off and on', () => {
    expect(lanyardJson<Role>(data, ['role', 'add', 'guest', '--scopes', 'lights:read', '--assignable'])).toMatchObject({ name: 'guest', assignable: true });
    expect(lanyardJson<Role>(data, ['role', 'set-assignable', 'guest', 'off'])).toMatchObject({ assignable: false });
    expect(role('guest')).toMatchObject({ assignable: false, scopes: ['lights:read'] });
    const on = lanyard(['role', 'set-assignable', 'guest', 'on', '--data', data]);
    expect(on).toMatchObject({ code: 0, stdout: 'Role guest may now be given by applications\n' });
    expect(lanyard(['role', 'list', '--data', data]).stdout).toMatch(/^NAME\s+SCOPES\s+USERCOUNT\s+BUILTIN\s+ASSIGNABLE\n/);
  });

  it('refuses what is not on or off, and a role that opens the console, writing nothing', () => {
    const before = lanyardJson<Role[]>(data, ['role', 'list']);
    const maybe = lanyard(['role', 'set-assignable', 'guest', 'maybe', '--data', data]);
    expect(maybe.code).toBe(2);
    expect(maybe.stderr).toMatch(/^lanyard: .*'maybe' is invalid .*on, off/);
    const admin = lanyard(['role', 'set-assignable', 'admin', 'on', '--data', data]);
    expect(admin.code).toBe(1);
    expect(admin.stderr).toMatch(/^lanyard: The role admin opens the console, so applications can never give it/);
    expect(lanyardJson<Role[]>(data, ['role', 'list'])).toEqual(before);
  });
});
