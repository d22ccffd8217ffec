// The second-factor rules as plain functions: who must present or set up a factor, when the
// password grant may stand in, and which factor may be removed.
import { describe, expect, it } from 'vitest';
import { checkMayRemoveFactor, passwordGrantRefusal, roleRequiresSecondFactor, secondFactorDemand } from '../../../main/hub/domain/factors.ts';
import { RuleError } from '../../../main/hub/domain/errors.ts';

const none = { totp: false, passkeys: 0 };
const policy = (requiredRoles: string[], anyAdminEnrolled = false) => ({ requiredRoles, anyAdminEnrolled });

describe('secondFactorDemand', () => {
  it('asks anyone with a factor to present it, whatever their roles and the settings', () => {
    expect(secondFactorDemand({ roles: [], secondFactors: { totp: true, passkeys: 0 } }, policy([]))).toBe('present');
    expect(secondFactorDemand({ roles: ['guest'], secondFactors: { totp: false, passkeys: 2 } }, policy([]))).toBe('present');
  });

  it('asks a user without one to set one up when a role they hold requires it, case-insensitively', () => {
    expect(secondFactorDemand({ roles: ['Resident'], secondFactors: none }, policy(['resident']))).toBe('enrol');
    expect(secondFactorDemand({ roles: ['guest'], secondFactors: none }, policy(['resident']))).toBe('none');
  });

  it('applies the admin role\'s requirement only once some admin has a factor', () => {
    expect(secondFactorDemand({ roles: ['admin'], secondFactors: none }, policy(['admin'], false))).toBe('none');
    expect(secondFactorDemand({ roles: ['admin'], secondFactors: none }, policy(['admin'], true))).toBe('enrol');
    expect(roleRequiresSecondFactor(['admin', 'resident'], policy(['resident'], false))).toBe(true);
    expect(roleRequiresSecondFactor(['admin'], policy([], true))).toBe(false);
  });
});

describe('passwordGrantRefusal', () => {
  it('refuses users with a factor, or who must set one up, unless the application is allowed', () => {
    expect(passwordGrantRefusal('present', false)).toMatch(/second factor, which the password grant cannot ask for/);
    expect(passwordGrantRefusal('enrol', false)).toMatch(/must set up a second factor/);
    expect(passwordGrantRefusal('present', true)).toBeUndefined();
    expect(passwordGrantRefusal('none', false)).toBeUndefined();
  });
});

describe('checkMayRemoveFactor', () => {
  it('keeps the last factor of a user whose role requires one, and lets others go', () => {
    expect(() => checkMayRemoveFactor({ remaining: none, roles: ['resident'], policy: policy(['resident']) })).toThrow(RuleError);
    expect(() => checkMayRemoveFactor({ remaining: { totp: false, passkeys: 1 }, roles: ['resident'], policy: policy(['resident']) })).not.toThrow();
    expect(() => checkMayRemoveFactor({ remaining: none, roles: ['guest'], policy: policy(['resident']) })).not.toThrow();
    // The only admin with a factor may drop it: the admin requirement then lapses for everyone.
    expect(() => checkMayRemoveFactor({ remaining: none, roles: ['admin'], policy: policy(['admin'], false) })).not.toThrow();
    expect(() => checkMayRemoveFactor({ remaining: none, roles: ['admin'], policy: policy(['admin'], true) })).toThrow(/add another one/);
  });
});
