// @vitest-environment jsdom
// The console's language: the operator's choice (remembered), else the desktop app's OS language
// (?lang=), else the browser's; and Intl formatting that follows it.
import { afterEach, describe, expect, it } from 'vitest';
import { chooseLanguage, i18n, initialLanguage, LANGUAGE_STORAGE_KEY } from '../../renderer/lib/i18n.ts';
import { formatAgo, formatDuration, formatNumber, formatUptime } from '../../renderer/lib/format.ts';

afterEach(() => {
  localStorage.clear();
  window.history.replaceState(null, '', '/');
  chooseLanguage('en');
  localStorage.clear();
});

describe('console language', () => {
  it('follows the browser (jsdom says en-US), then the desktop app\'s OS language, then the stored choice', () => {
    expect(initialLanguage()).toBe('en');
    window.history.replaceState(null, '', '/?lang=es-419');
    expect(initialLanguage()).toBe('es');
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    expect(initialLanguage()).toBe('en');
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'klingon');
    expect(initialLanguage()).toBe('es');
  });

  it('applies a choice at once, remembers it, marks <html lang>, and formats through Intl in it', () => {
    chooseLanguage('es');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('es');
    expect(i18n.language).toBe('es');
    expect(document.documentElement.lang).toBe('es');
    expect(i18n.t('console.nav.tokens')).toBe('Tokens activos');
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(formatAgo('2026-01-01T11:55:00Z', now)).toBe('hace 5 min');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatUptime(90_000)).toBe('1 d 1 h');
    chooseLanguage('en');
    expect(formatAgo('2026-01-01T11:55:00Z', now)).toBe('5 min. ago');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatUptime(90_000)).toBe('1 day 1 hr');
  });
});
