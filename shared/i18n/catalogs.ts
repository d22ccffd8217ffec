// The message catalogs the console and the hub's pages share: one JSON file per language,
// English the reference. A catalog that lacks one of English's keys is a type error here, and
// test/shared/i18n.test.ts also fails on extra keys, lost {{variables}} and missing plural forms.
// Adding a language: copy en.json to <code>.json, translate it, and add it to CATALOGS below.
import en from './en.json' with { type: 'json' };
import es from './es.json' with { type: 'json' };

/** The shape every catalog has: English's. */
export type Catalog = typeof en;

export const CATALOGS = { en, es: es satisfies Catalog } as const satisfies Record<string, Catalog>;

type PluralForm = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type WithoutPlural<K extends string> = K extends `${infer Base}_${PluralForm}` ? Base : K;
type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${WithoutPlural<K>}` : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message's key, dotted ("pages.signIn.title"); plural forms under their base key. */
export type MessageKey = Paths<Catalog>;

export type Language = keyof typeof CATALOGS;
export const LANGUAGES = Object.keys(CATALOGS) as Language[];
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(CATALOGS, value);
}

/**
 * The first supported language among BCP 47 tags in order of preference ("es-MX" → "es"), as
 * the browser's navigator.languages or Electron's app.getLocale() give them.
 */
export function matchLanguage(tags: readonly (string | null | undefined)[]): Language | undefined {
  for (const tag of tags) {
    const base = tag?.toLowerCase().split(/[-_]/)[0];
    if (isLanguage(base)) return base;
  }
  return undefined;
}
