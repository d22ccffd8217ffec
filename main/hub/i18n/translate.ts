// The hub's pages in the reader's language: i18next on the shared catalogs (shared/i18n/), and
// the language of the request being answered. Pages are rendered from our routes and from
// oidc-provider's hooks (renderError, logoutSource, the device flow's sources), which we do not
// call ourselves; the language therefore travels with the request in an AsyncLocalStorage
// (set by http/language.ts around everything the hub does for a request) rather than through
// every page function's arguments. Outside a request it is English.
import { AsyncLocalStorage } from 'node:async_hooks';
import i18next, { type TFunction } from 'i18next';
import { CATALOGS, DEFAULT_LANGUAGE, LANGUAGES, type Language, type MessageKey } from '../../../shared/i18n/catalogs.ts';
import { SafeHtml } from '../oauth/interactions/html.ts';

const instance = i18next.createInstance();
void instance.init({
  resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: CATALOGS[language] }])),
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  initAsync: false,
  // Values are escaped where they land: html`` escapes plain strings; tHtml escapes here.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** What the current request is answered with: its language, and the path its page was asked at. */
type RequestLanguage = { language: Language; path: string | undefined };
const current = new AsyncLocalStorage<RequestLanguage>();

export function inLanguage<T>(context: RequestLanguage, work: () => T): T {
  return current.run(context, work);
}

export function currentLanguage(): Language {
  return current.getStore()?.language ?? DEFAULT_LANGUAGE;
}

/** The path a GET page was asked at (for the language links), undefined for a form's answer. */
export function currentPath(): string | undefined {
  return current.getStore()?.path;
}

const fixed = new Map<Language, TFunction>(LANGUAGES.map((language) => [language, instance.getFixedT(language)]));

type Values = Record<string, string | number>;

/** A message of the catalogs in the current request's language, as plain text. */
export function t(key: MessageKey, values?: Values): string {
  return String(fixed.get(currentLanguage())!(key, values as never));
}

/** A message whose catalog text carries markup (<strong>, <code>); the values are escaped. */
export function tHtml(key: MessageKey, values?: Values): SafeHtml {
  return new SafeHtml(String(fixed.get(currentLanguage())!(key, { ...values, interpolation: { escapeValue: true } } as never)));
}
