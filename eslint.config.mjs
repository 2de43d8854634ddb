// Lint for the whole repository (npm run lint; npm test runs it first). typescript-eslint's
// type-aware recommended rules for src/, ESLint's recommended rules for the JavaScript in test/,
// scripts/ and bench/, and eslint-config-prettier last so that layout is Prettier's job alone.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['dist/**', 'resources/**', 'node_modules/**', '.test-installs/**', 'spec/**', 'examples/**'],
  },
  js.configs.recommended,
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The rules are bundled into the browser editor as well: nothing from Node.js, Node-RED or the
    // rest of src/ may come in, only the rules' own files.
    files: ['src/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'src/rules imports only its own files (./...)' }] },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['test/**/*.js'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    // Browser tests pass functions to page.evaluate: they run in the editor's page.
    files: ['test/e2e/**/*.js'],
    languageOptions: { globals: { ...globals.browser, RED: 'readonly', $: 'readonly', NRStripeEditor: 'readonly' } },
  },
  prettier,
);
