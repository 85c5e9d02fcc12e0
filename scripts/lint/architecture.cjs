// The architecture as lint rules (issue 16): which folder of proxy-service/src may import what, and which code may
// load the sandboxes. proxy-service/README.md "Code layout" describes the same rules in words; change both together.
// test/architecture/layering-lint.test.ts plants a violation of each rule and checks that it is reported.
//
// ESLint applies the last matching config object's options of a rule, so each object below lists every restriction
// that holds for its files (a domain file is also product code, and also not in xero/).

/** Test code: suites, their helpers and the entry points re-exporting those helpers. Free to import anything. */
const TEST_CODE = [
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/test-support/**',
  '**/testing/**',
  'proxy-service/src/testing.ts',
  'proxy-service/src/testing-production.ts',
  'test/**',
  'sandbox/xero/test/**',
];

/** The one product module that may start the Xero emulator: `npm start`'s sandbox mode (main.ts calls it). */
const SANDBOX_MODE_ENTRY = 'proxy-service/src/sandbox-mode.ts';

/**
 * The store's ports: what the rest of the proxy may know about persistence. Everything else under store/ is an
 * implementation (SQLite, PostgreSQL, migrations, backups) that only the composition root and the store wire up.
 */
const STORE_PORTS = [
  'store',
  'store-unavailable',
  'work-leases',
  'webhooks/webhook-store',
  'invoice-ledger/invoice-ledger-store',
];

const sandboxPackages = ['@dxc/xero-emulator', '@dxc/dataverse-emulator', '@dxc/flow-runner'];

const notTheSandbox = {
  paths: sandboxPackages.map((name) => ({
    name,
    message: 'Product code does not load the sandboxes; only src/sandbox-mode.ts starts the Xero emulator.',
  })),
  patterns: [
    {
      regex: '^(@dxc/(xero-emulator|dataverse-emulator|flow-runner)/|(\\.\\./)+sandbox/)',
      caseSensitive: true,
      message: 'Product code does not load the sandboxes; only src/sandbox-mode.ts starts the Xero emulator.',
    },
  ],
};

const xeroNodeValuesOnlyInXero = {
  paths: [
    {
      name: 'xero-node',
      allowTypeImports: true,
      message: 'Only src/xero/ calls xero-node; elsewhere import its types with `import type`.',
    },
  ],
  patterns: [],
};

/** Relative specifiers, from anywhere in the domain, that leave it for a folder or root module doing I/O. */
const ioModulesOfTheProxy =
  '^(\\.\\./)+(store|orchestration|http|pages|webhooks|xero|dataverse|test-support)(/|$)' +
  '|^(\\.\\./)+(create-proxy|main|sandbox-mode|proxy-services|config|logger|metrics|local-secrets|admin-secret-notice)$';

/** Packages that do I/O (xero-node is covered by its own rule, which allows its types too). */
const ioPackages = [
  'better-sqlite3',
  'pg',
  'express',
  'p-retry',
  'openid-client',
  'axios',
  'pino',
  'pino-http',
  'prom-client',
  'ipaddr.js',
];

const domainIsPure = {
  paths: ioPackages.map((name) => ({
    name,
    allowTypeImports: true,
    message: 'domain/ is pure (no I/O): it may use this package only for types.',
  })),
  patterns: [
    {
      regex: ioModulesOfTheProxy,
      caseSensitive: true,
      allowTypeImports: true,
      message: 'domain/ is pure (no I/O): it may import this module only for types (`import type`).',
    },
    {
      regex: '^(node:)?(fs|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads)(/.*)?$',
      caseSensitive: true,
      allowTypeImports: true,
      message: 'domain/ is pure (no I/O): it may use this Node module only for types.',
    },
  ],
};

const httpSeesOnlyStorePorts = {
  paths: [],
  patterns: [
    {
      regex: `^(\\.\\./)+store/(?!(${STORE_PORTS.join('|')})$)`,
      caseSensitive: true,
      message: `http/ reaches persistence only through the store's ports (store/${STORE_PORTS.join('.ts, store/')}.ts).`,
    },
  ],
};

/** One `@typescript-eslint/no-restricted-imports` setting holding every restriction given. */
function restricted(...restrictions) {
  return [
    'error',
    {
      paths: restrictions.flatMap((r) => r.paths),
      patterns: restrictions.flatMap((r) => r.patterns),
    },
  ];
}

const rule = '@typescript-eslint/no-restricted-imports';

const architecture = [
  {
    files: ['openapi/**/*.ts', 'connector/**/*.ts', 'solution/**/*.ts', 'proxy-service/**/*.ts'],
    ignores: [...TEST_CODE, SANDBOX_MODE_ENTRY],
    rules: { [rule]: restricted(notTheSandbox) },
  },
  {
    files: ['proxy-service/src/**/*.ts'],
    ignores: [...TEST_CODE, SANDBOX_MODE_ENTRY, 'proxy-service/src/xero/**'],
    rules: { [rule]: restricted(notTheSandbox, xeroNodeValuesOnlyInXero) },
  },
  {
    files: [SANDBOX_MODE_ENTRY],
    rules: { [rule]: restricted(xeroNodeValuesOnlyInXero) },
  },
  {
    files: ['proxy-service/src/http/**/*.ts'],
    ignores: TEST_CODE,
    rules: { [rule]: restricted(notTheSandbox, xeroNodeValuesOnlyInXero, httpSeesOnlyStorePorts) },
  },
  {
    files: ['proxy-service/src/domain/**/*.ts'],
    ignores: TEST_CODE,
    rules: { [rule]: restricted(notTheSandbox, xeroNodeValuesOnlyInXero, domainIsPure) },
  },
];

module.exports = { architecture, TEST_CODE, SANDBOX_MODE_ENTRY, STORE_PORTS };
