// The CLI's option parsers: what each accepts, and that a refusal names the flag and what to type.
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { duration, formatDuration, grantList, integer, parseDuration, repeatable, scopeList } from '../../main/cli/arguments.ts';

const refusal = (parse: () => unknown): string => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
  throw new Error('expected the parser to refuse');
};

describe('durations', () => {
  it('reads plain seconds and s, m, h, d, w, y', () => {
    expect(['0', '600', '20s', '15m', '24h', '30d', '2w', '1y', ' 2h '].map(parseDuration)).toEqual([0, 600, 20, 900, 86_400, 2_592_000, 1_209_600, 31_536_000, 7200]);
  });

  it('refuses fractions, signs, other units, capitals, empty text and numbers too large to be exact', () => {
    for (const text of ['', 'h', '1.5h', '-1d', '+5', '1mo', '15M', '1 h', '1h30m', '9007199254740993', '999999999999999d']) expect(parseDuration(text), text).toBeUndefined();
  });

  it('writes seconds in the largest unit that divides them', () => {
    expect([60, 90, 3600, 86_400, 1_209_600, 31_536_000, 0].map(formatDuration)).toEqual(['1m', '90s', '1h', '1d', '2w', '1y', '0s']);
  });

  it('keeps a duration flag within its bounds and says both spellings of them', () => {
    const ttl = duration('--access-ttl', 60, 31_536_000);
    expect(ttl('24h')).toBe(86_400);
    expect(ttl('60')).toBe(60);
    expect(ttl('365d')).toBe(31_536_000);
    expect(ttl('1y')).toBe(31_536_000);
    expect(refusal(() => ttl('59s'))).toBe('--access-ttl must be a whole number from 60 to 31536000 seconds, or a duration from 1m to 1y such as 15m, 24h or 30d.');
    expect(refusal(() => ttl('366d'))).toMatch(/^--access-ttl must be/);
    expect(refusal(() => ttl('soon'))).toMatch(/^--access-ttl must be/);
  });
});

describe('other values', () => {
  it('whole numbers within bounds', () => {
    const port = integer('--port', 0, 65535);
    expect(port('0')).toBe(0);
    expect(port('65535')).toBe(65535);
    for (const text of ['-1', '65536', '1.5', 'eighty', '', ' ', '1e3', '0x50']) expect(refusal(() => port(text)), text).toBe('--port must be a whole number from 0 to 65535.');
  });

  it('grant lists: known names, comma-separated, unknown ones named with the list to choose from', () => {
    expect(grantList(' client_credentials, refresh_token ,')).toEqual(['client_credentials', 'refresh_token']);
    expect(refusal(() => grantList('password,teleport,warp'))).toMatch(/^unknown grant "teleport", "warp"; use authorization_code, .*device_code\.$/);
  });

  it('scope lists split on spaces and commas; repeatable options keep every value in order', () => {
    expect(scopeList('lights:read  lights:write,locks:open')).toEqual(['lights:read', 'lights:write', 'locks:open']);
    expect(scopeList(undefined)).toEqual([]);
    expect(repeatable('b', repeatable('a', []))).toEqual(['a', 'b']);
  });
});
