// Size rules (issue 16): a module of at most 600 lines (every line counts) and functions of at most 120 (blank lines
// and comments not counted). Tests, generated code (ignored by the lint altogether) and data tables are exempt.
const { TEST_CODE } = require('./architecture.cjs');

/** Declarative data, long by nature: the solution's table model and the columns Dataverse gives every table. */
const DATA_TABLES = ['solution/model/tables.ts', 'solution/model/system-columns.ts'];

const limits = {
  'max-lines': ['error', { max: 600, skipBlankLines: false, skipComments: false }],
  'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true }],
};

const sizeLimits = [
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    ignores: [...TEST_CODE, ...DATA_TABLES],
    rules: limits,
  },
];

// sizeRules: the two rules alone, for pcf-controls/eslint.config.mjs (pcf-controls lints with its own config).
module.exports = { sizeLimits, sizeRules: limits };
