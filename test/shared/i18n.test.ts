// The shared catalogs are complete and consistent: every language has every English key (and no
// other), the same {{variables}} and markup in each message, and the plural forms its language
// needs (Intl.PluralRules); so a string added in English only, or renamed in one file, fails here.
import { describe, expect, it } from 'vitest';
import { CATALOGS, LANGUAGES, type Catalog } from '../../shared/i18n/catalogs.ts';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).filter((name) => name !== 'count').sort();
const tags = (text: string) => [...text.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1]).sort();
/** Messages grouped by key without plural suffix. */
function bases(catalog: Catalog): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, text] of flatten(catalog)) {
    const base = key.replace(PLURAL, '');
    out.set(base, [...(out.get(base) ?? []), text]);
  }
  return out;
}

describe('message catalogs', () => {
  const english = bases(CATALOGS.en);

  it('has English and Spanish, each naming itself', () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'es']));
    expect(CATALOGS.es.language.name).toBe('Español');
  });

  for (const language of LANGUAGES) {
    it(`${language}: has exactly the English keys, with the same variables and markup`, () => {
      const messages = bases(CATALOGS[language]);
      expect([...messages.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, texts] of messages) {
        for (const text of texts) {
          expect(text.trim(), `${language} ${key} is empty`).not.toBe('');
          expect(variables(text), `${language} ${key}`).toEqual(variables(english.get(key)![0]!));
          expect(tags(text), `${language} ${key}`).toEqual(tags(english.get(key)![0]!));
        }
      }
    });

    it(`${language}: has every plural form the language needs`, () => {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      const keys = [...flatten(CATALOGS[language]).keys()];
      const plurals = new Set(keys.filter((key) => PLURAL.test(key)).map((key) => key.replace(PLURAL, '')));
      for (const base of plurals) {
        for (const category of categories) expect(keys, `${language} ${base}_${category}`).toContain(`${base}_${category}`);
      }
    });
  }
});
