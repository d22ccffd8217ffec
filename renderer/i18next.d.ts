// Types the console's t() keys by the English catalog: a key that is not there is a type error.
import 'i18next';
import type { Catalog } from '../shared/i18n/catalogs.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalog };
  }
}
