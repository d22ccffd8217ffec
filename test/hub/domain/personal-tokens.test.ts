// The personal-access-token rules: scopes within the user's roles, lifetimes, and which tokens
// a withdrawn scope kills.
import { describe, expect, it } from 'vitest';
import { RuleError } from '../../../main/hub/domain/errors.ts';
import { NEVER_EXPIRES, checkHolds, checkMayHoldTokens, checkPersonalTokenScopes, lifetimeSeconds, neverExpires, tokensBeyondRoles } from '../../../main/hub/domain/personal-tokens.ts';

describe('personal access tokens', () => {
  it('carry only scopes the user\'s roles hold, and name what is beyond them', () => {
    const held = new Set(['lights:read', 'lights:write']);
    expect(checkPersonalTokenScopes(['lights:read', 'lights:read'], held)).toEqual(['lights:read']);
    expect(() => checkPersonalTokenScopes(['lights:read', 'doors:open'], held)).toThrow(/not doors:open \(held: lights:read lights:write\)/);
    expect(() => checkPersonalTokenScopes(['openid'], new Set(['openid']))).toThrow(RuleError);
  });

  it('last their lifetime, or a century standing for never', () => {
    expect(lifetimeSeconds(3600)).toBe(3600);
    expect(lifetimeSeconds(null)).toBe(NEVER_EXPIRES);
    expect(neverExpires(1000, 1000 + NEVER_EXPIRES)).toBe(true);
    expect(neverExpires(1000, 1000 + 5 * 31_536_000)).toBe(false);
  });

  it('die when their user no longer holds every scope they carry', () => {
    const tokens = [
      { id: '1', userId: 'a', scope: 'lights:read' },
      { id: '2', userId: 'a', scope: 'lights:read doors:open' },
      { id: '3', userId: 'b', scope: 'doors:open' },
    ];
    const scopes: Record<string, Set<string>> = { a: new Set(['lights:read']), b: new Set(['doors:open']) };
    expect(tokensBeyondRoles(tokens, (user) => scopes[user]!).map((token) => token.id)).toEqual(['2']);
  });

  it('are not made for disabled users, and are nobody else\'s business', () => {
    expect(() => checkMayHoldTokens({ username: 'bob', disabled: true })).toThrow(/disabled/);
    expect(() => checkHolds('user-b', 'user-a')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => checkHolds(undefined, 'user-a')).toThrow(RuleError);
    expect(() => checkHolds('user-a', 'user-a')).not.toThrow();
  });
});
