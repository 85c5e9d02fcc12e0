// Lints pcf-controls (the root config ignores this folder). pcf-scripts would run it per control during the build;
// scripts/build.mjs runs it once over everything instead. Shape follows the `pac pcf init` React template.
import eslintjs from '@eslint/js';
import microsoftPowerApps from '@microsoft/eslint-plugin-power-apps';
import pluginPromise from 'eslint-plugin-promise';
import reactPlugin from 'eslint-plugin-react';
import globals from 'globals';
import typescriptEslint from 'typescript-eslint';
import sizeLimits from '../scripts/lint/size-limits.cjs';

// Issue 16's size rules, the same as the root config's (scripts/lint/size-limits.cjs): tests, their support code and
// the generated types (ignored altogether) are exempt.
const { sizeRules } = sizeLimits;

export default [
  { ignores: ['**/generated/**', 'out/**', 'node_modules/**'] },
  eslintjs.configs.recommended,
  ...typescriptEslint.configs.recommended,
  ...typescriptEslint.configs.stylistic,
  pluginPromise.configs['flat/recommended'],
  microsoftPowerApps.configs.paCheckerHosted,
  reactPlugin.configs.flat.recommended,
  {
    plugins: { '@microsoft/power-apps': microsoftPowerApps },
    languageOptions: {
      globals: { ...globals.browser, ComponentFramework: true },
      parserOptions: { ecmaVersion: 2020, sourceType: 'module' },
    },
    settings: { react: { version: '16.14.0' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      // The platform provides react-dom to Fluent only; a control importing it would bundle a second copy.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'react-dom', message: 'Not a platform library: never import react-dom in a control.' },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/*.test.ts',
      '**/*.test.tsx',
      'test-support/**',
      'browser-tests/**',
      'scripts/**',
      '*.js',
      '*.mjs',
    ],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'test-support/**'],
    rules: sizeRules,
  },
  {
    files: ['test-support/harness/**/*.js'],
    languageOptions: { globals: { ...globals.browser, React: 'readonly', ReactDOM: 'readonly' } },
  },
];
