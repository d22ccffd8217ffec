// Lint that guards the architecture (DEVELOPERS.md "Rules of the house"): TypeScript and React
// hooks rules, and the import boundaries — electron only in the shell, SQL only in the store,
// rules free of transports, the console free of the hub's code.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** An import boundary: files matching `files` may not import a specifier matching `regex`, because `why`. */
const boundary = (files, why, regex, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ regex, message: why }] }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // A binding declared before the server starts and set once the provider exists is read by
      // the request handler in between: it cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Node strips types only: use a const object or a union (erasable syntax).' }],
    },
  },
  { files: ['renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } }, ...reactHooks.configs.flat.recommended },
  { files: ['main/electron/preload.ts'], languageOptions: { globals: { ...globals.browser } } },

  boundary(['**/*.{ts,tsx,js,mjs}'], 'Only the desktop shell (main/electron/) imports electron; everything under test must run without its binary.', '^electron(/|$)', ['main/electron/**', 'test/electron/electron-smoke.test.ts']),
  boundary(['main/**/*.ts'], 'Only main/hub/store/ talks to SQLite; everything else goes through the store.', '^better-sqlite3$', ['main/hub/store/**']),
  boundary(['renderer/**/*.{ts,tsx}'], 'The console is a client of the admin contract (shared/); it never imports the hub or the shell.', '(^|/)main/'),
  boundary(['main/hub/**/*.ts'], 'The hub core is plain Node: it never imports the shell, the CLI or the console.', '(^|/)(electron|cli|renderer)/'),
  boundary(['main/hub/domain/**/*.ts'], 'Rules are plain functions over plain data: no storage, no transport, no oidc-provider.', '(^|/)(store|oauth|admin|http|api|console)/|^oidc-provider$|^koa$|^node:'),
  boundary(['main/hub/store/**/*.ts'], 'The store only persists: it may use domain/errors.ts, never the layers above it.', '(^|/)(oauth|admin|http|api|console)/'),
  boundary(['shared/**/*.ts'], 'shared/ is read by the console and the hub alike: no Node, no DOM, no hub code.', '^node:|(^|/)(main|renderer)/'),
);
