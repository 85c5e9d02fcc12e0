// Lints every Node workspace. pcf-controls lints with its own flat config (pcf-scripts runs it during the build).
// CommonJS so that jest can load it too: test/architecture/layering-lint.test.ts lints planted code with it.
const eslintjs = require('@eslint/js');
const globals = require('globals');
const tseslint = require('typescript-eslint');
const { architecture } = require('./scripts/lint/architecture.cjs');
const { sizeLimits } = require('./scripts/lint/size-limits.cjs');

module.exports = tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '**/generated/**',
      'pcf-controls/**',
      'solution/src/**',
      'data/**',
      'coverage/**',
      'test-artifacts/**',
    ],
  },
  eslintjs.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...architecture,
  ...sizeLimits,
);
