// How the console writes times, numbers, durations and countdowns: Intl, in the console's
// language (lib/i18n.ts), so "hace 5 min" and "5 min ago" come from the same call.
import { currentLocale, i18n } from './i18n.ts';

/**
 * One Intl formatter per language and kind, built on first use. Building one costs far more
 * than formatting with it: the live-tokens table wrote two times per row, each building its
 * own, and that was a third of the page's script time while scrolling (bench/README.md).
 * A date formatter keeps the time zone it was built in: a change of the computer's zone shows
 * after the console is reloaded.
 */
function formatterCache<F>(build: (locale: string, key: string) => F): (key?: string) => F {
  const built = new Map<string, F>();
  return (key = '') => {
    const locale = currentLocale();
    const id = `${locale}|${key}`;
    let formatter = built.get(id);
    if (!formatter) built.set(id, (formatter = build(locale, key)));
    return formatter;
  };
}

const dateTime = formatterCache((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
const number = formatterCache((locale) => new Intl.NumberFormat(locale));
const relative = formatterCache((locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'short' }));
const unitNumber = formatterCache((locale, unit) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }));

const UNITS = [
  { unit: 'day', seconds: 86_400 },
  { unit: 'hour', seconds: 3600 },
  { unit: 'minute', seconds: 60 },
  { unit: 'second', seconds: 1 },
] as const;

const never = () => i18n.t('console.format.never');

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return never();
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime().format(date);
}

export function formatNumber(value: number): string {
  return number().format(value);
}

/** "5 min ago", "in 2 h" ("hace 5 min", "dentro de 2 h"). */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return never();
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  const s = Math.abs(seconds);
  const { unit, seconds: size } = UNITS.find((u) => s >= u.seconds) ?? UNITS[3];
  return relative().format(Math.round(seconds / size), unit);
}

/** One amount of one unit, short: "2 h", "30 min", "1 d" in the console's language. */
function unitAmount(value: number, unit: (typeof UNITS)[number]['unit']): string {
  return unitNumber(unit).format(value);
}

export function formatDuration(seconds: number): string {
  const unit = UNITS.find((u) => seconds % u.seconds === 0 && seconds >= u.seconds) ?? UNITS[3];
  return unitAmount(seconds / unit.seconds, unit.unit);
}

export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${unitAmount(d, 'day')} ${unitAmount(h, 'hour')}`;
  if (h) return `${unitAmount(h, 'hour')} ${unitAmount(m, 'minute')}`;
  if (m) return unitAmount(m, 'minute');
  return unitAmount(s, 'second');
}

/** Minutes and seconds left, for a countdown ("4:59"), or "expired". */
export function formatCountdown(ms: number): string {
  if (ms <= 0) return i18n.t('console.format.expired');
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
