// The console's language: i18next + react-i18next on the shared catalogs (shared/i18n/), the
// same messages the hub's pages use. Chosen, in order: what the operator picked in Settings
// (localStorage), the desktop app's OS language (`?lang=` from app.getLocale()), the browser's
// languages, English. <html lang> follows, for screen readers and hyphenation. React is bound
// to this instance in Root.tsx, so the transports can use it without pulling React in.
import i18next from 'i18next';
import { CATALOGS, DEFAULT_LANGUAGE, isLanguage, LANGUAGES, matchLanguage, type Language } from '../../shared/i18n/catalogs.ts';

export const LANGUAGE_STORAGE_KEY = 'lanyard-language';

/** What this module reads of the browser; absent under Node (the transports' tests). */
const browser = globalThis as {
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  location?: { search: string };
  navigator?: { languages?: readonly string[] };
  document?: { documentElement: { lang: string } };
};

function stored(): string | null {
  try {
    return browser.localStorage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    return null; // storage blocked: fall through to the other sources
  }
}

export function initialLanguage(): Language {
  const chosen = stored();
  if (isLanguage(chosen)) return chosen;
  const fromApp = new URLSearchParams(browser.location?.search ?? '').get('lang');
  return matchLanguage([fromApp, ...(browser.navigator?.languages ?? [])]) ?? DEFAULT_LANGUAGE;
}

export const i18n = i18next.createInstance();
void i18n.init({
  resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: CATALOGS[language] }])),
  lng: initialLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes what it renders
  returnNull: false,
});

function markDocument(language: string): void {
  if (browser.document) browser.document.documentElement.lang = language;
}
markDocument(i18n.language);
i18n.on('languageChanged', markDocument);

/** The operator's choice in Settings: used now and remembered on this device. */
export function chooseLanguage(language: Language): void {
  try {
    browser.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // not remembered, still used
  }
  void i18n.changeLanguage(language);
}

/** The language in use, for Intl formatting. */
export function currentLocale(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}
