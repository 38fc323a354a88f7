// ESLint 9 flat config: `npm run lint` (CI runs it inside `npm test`). The rule set is
// ESLint's and typescript-eslint's `recommended`; the few changes below are explained.
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'screenshots/**', 'test-results/**', '**/*.vsix'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a parameter an interface requires but the function does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Purely stylistic (`/  /` vs `/ {2}/`); turning it on would churn files others are editing.
      'no-regex-spaces': 'off',
    },
  },
  {
    // Outside src/core, the core is reached only through its public entry (src/core/index.ts):
    // an import of a core file (`../core/engine/train`, `../src/core/graph/ticks`) fails here.
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    ignores: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/.+',
              message: "Import from the core's public entry (src/core/index.ts: '../core'), and export the name there if it is missing.",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests match ANSI colour escapes (\x1b) on purpose.
    files: ['test/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Plain CommonJS scripts run by Node (build, harness, CLI launcher).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  {
    // The webview runs in the browser.
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
