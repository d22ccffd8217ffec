// How the `lanyard` command reads its option values: whole numbers, durations, grant and scope
// lists, repeatable options. Each parser names the flag in its error and says what to type.
import { InvalidArgumentError } from 'commander';
import { GRANT_NAMES, type GrantName } from '../../shared/admin-contract.ts';

/** `--port 8080`: a whole number within bounds, written in digits (not "", "1e3" or "0x50"). */
export function integer(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const number = /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < min || number > max) throw new InvalidArgumentError(`${flag} must be a whole number from ${min} to ${max}.`);
    return number;
  };
}

const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3600, d: 86_400, w: 7 * 86_400, y: 365 * 86_400 } as const;

/** What --help says a duration may look like. */
export const DURATION_FORMS = 'seconds, or a number followed by s, m, h, d, w or y (365 days), e.g. 20s, 15m, 24h, 30d';

/** `600`, `20s`, `15m`, `24h`, `30d`, `2w`, `1y` → seconds; undefined for anything else (`1.5h`, `15M`, `-1d`, `1h30m`). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)([smhdwy]?)$/.exec(text.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * SECONDS_PER_UNIT[(match[2] || 's') as keyof typeof SECONDS_PER_UNIT];
  return Number.isSafeInteger(seconds) ? seconds : undefined;
}

/** Seconds as the largest unit that divides them: 86400 → "1d", 90 → "90s"; for messages. */
export function formatDuration(seconds: number): string {
  const unit = (['y', 'w', 'd', 'h', 'm'] as const).find((u) => seconds !== 0 && seconds % SECONDS_PER_UNIT[u] === 0) ?? 's';
  return `${seconds / SECONDS_PER_UNIT[unit]}${unit}`;
}

/** `--access-ttl 24h`: a duration within bounds (seconds), as seconds. */
export function duration(flag: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const seconds = parseDuration(value);
    if (seconds === undefined || seconds < min || seconds > max) {
      throw new InvalidArgumentError(`${flag} must be a whole number from ${min} to ${max} seconds, or a duration from ${formatDuration(min)} to ${formatDuration(max)} such as 15m, 24h or 30d.`);
    }
    return seconds;
  };
}

/** `--grants client_credentials,refresh_token`: known grant names, comma-separated. */
export function grantList(value: string): GrantName[] {
  const grants = value.split(',').map((grant) => grant.trim()).filter(Boolean);
  const unknown = grants.filter((grant) => !(GRANT_NAMES as readonly string[]).includes(grant));
  if (unknown.length) throw new InvalidArgumentError(`unknown grant ${unknown.map((g) => `"${g}"`).join(', ')}; use ${GRANT_NAMES.join(', ')}.`);
  return grants as GrantName[];
}

/** `--scopes "a:read b:write"` or `--scopes a:read,b:write` → the scope names. */
export const scopeList = (value: string | undefined): string[] => (value ?? '').split(/[\s,]+/).filter(Boolean);

/** An option given several times (`--role a --role b`) → all its values, in order. */
export const repeatable = (value: string, previous: string[] = []): string[] => [...previous, value];
