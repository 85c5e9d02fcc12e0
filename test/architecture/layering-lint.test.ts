/**
 * The architecture rules are lint rules (scripts/lint/architecture.cjs, size-limits.cjs): each test plants a
 * violation in a file where it is forbidden and checks the repository's own ESLint config reports it, then puts the
 * same code where it is allowed and checks it does not.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';

const REPO_ROOT = path.resolve(__dirname, '../..');

// ESLint loads its config file with import(), which jest's module system does not offer; the same config is loaded
// here with Node's own require and handed over.
const config = createRequire(__filename)(path.join(REPO_ROOT, 'eslint.config.cjs')) as Linter.Config[];
const eslint = new ESLint({ cwd: REPO_ROOT, overrideConfigFile: true, overrideConfig: config });

/** The messages of the architecture and size rules for `code` as if it were the file at `filePath`. */
async function ruleMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, filePath) });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  const fatal = result.messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`planted code does not parse: ${fatal[0]?.message}`);
  return result.messages
    .filter((message) => /no-restricted-imports|max-lines/.test(message.ruleId ?? ''))
    .map((message) => `${message.ruleId}: ${message.message}`);
}

const RESTRICTED = '@typescript-eslint/no-restricted-imports';

describe('domain/ is pure', () => {
  const valueFromStore = "import { grantsOf } from '../store/store';\nexport const planted = grantsOf;\n";

  test('a domain file importing the store as a value is reported', async () => {
    const messages = await ruleMessages(valueFromStore, 'proxy-service/src/domain/planted.ts');
    expect(messages).toEqual([
      expect.stringContaining(`${RESTRICTED}: '../store/store' import is restricted`),
    ]);
  });

  test('deeper in the domain too, and for every I/O folder and Node I/O module', async () => {
    const code = [
      "import { grantsOf } from '../../store/store';",
      "import { sendCallback } from '../../webhooks/callback-sender';",
      "import { readFileSync } from 'node:fs';",
      "import Database from 'better-sqlite3';",
      'export const planted = [grantsOf, sendCallback, readFileSync, Database];',
      '',
    ].join('\n');
    const messages = await ruleMessages(code, 'proxy-service/src/domain/invoices/planted.ts');
    expect(messages).toHaveLength(4);
  });

  test('types from the store are allowed in the domain, and values elsewhere', async () => {
    const typeOnly =
      "import type { ConnectionRecord } from '../store/store';\nexport type Planted = ConnectionRecord;\n";
    expect(await ruleMessages(typeOnly, 'proxy-service/src/domain/planted.ts')).toEqual([]);
    expect(await ruleMessages(valueFromStore, 'proxy-service/src/orchestration/planted.ts')).toEqual([]);
  });

  test('domain tests may use I/O', async () => {
    expect(await ruleMessages(valueFromStore, 'proxy-service/src/domain/planted.test.ts')).toEqual([]);
  });
});

describe('http/ sees only the store ports', () => {
  const implementation =
    "import { SqliteStore } from '../../store/sqlite-store';\nexport const planted = SqliteStore;\n";

  test('a route importing a store implementation is reported', async () => {
    const messages = await ruleMessages(implementation, 'proxy-service/src/http/routes/planted.ts');
    expect(messages).toEqual([expect.stringContaining("'../../store/sqlite-store' import is restricted")]);
  });

  test('even for its types', async () => {
    const typeOnly =
      "import type { SqliteStore } from '../store/sqlite-store';\nexport type Planted = SqliteStore;\n";
    expect(await ruleMessages(typeOnly, 'proxy-service/src/http/planted.ts')).toHaveLength(1);
  });

  test('the ports are allowed, and implementations outside http/', async () => {
    const ports = [
      "import type { Store } from '../../store/store';",
      "import { storeUnavailable } from '../../store/store-unavailable';",
      "import type { WorkLeaseStore } from '../../store/work-leases';",
      'export type Planted = [Store, WorkLeaseStore];',
      'export const planted = storeUnavailable;',
      '',
    ].join('\n');
    expect(await ruleMessages(ports, 'proxy-service/src/http/routes/planted.ts')).toEqual([]);
    expect(await ruleMessages(implementation, 'proxy-service/src/store/backups/planted.ts')).toEqual([]);
  });
});

describe('xero-node is called only from xero/', () => {
  const xeroClass = "import { XeroClient } from 'xero-node';\nexport const planted = XeroClient;\n";

  test('a file outside xero/ importing a xero-node class is reported', async () => {
    for (const file of [
      'proxy-service/src/orchestration/planted.ts',
      'proxy-service/src/http/routes/planted.ts',
    ]) {
      expect(await ruleMessages(xeroClass, file)).toEqual([
        expect.stringContaining("'xero-node' import is restricted"),
      ]);
    }
  });

  test('xero/ may, and everyone may import its types', async () => {
    expect(await ruleMessages(xeroClass, 'proxy-service/src/xero/planted.ts')).toEqual([]);
    const typeOnly = "import type { Invoice } from 'xero-node';\nexport type Planted = Invoice;\n";
    expect(await ruleMessages(typeOnly, 'proxy-service/src/domain/planted.ts')).toEqual([]);
  });
});

describe('product code does not load the sandboxes', () => {
  const emulator =
    "import { startXeroEmulator } from '@dxc/xero-emulator';\nexport const planted = startXeroEmulator;\n";

  test('product code importing an emulator or the flow runner is reported', async () => {
    expect(await ruleMessages(emulator, 'proxy-service/src/webhooks/planted.ts')).toHaveLength(1);
    expect(await ruleMessages(emulator, 'proxy-service/src/planted.ts')).toHaveLength(1);
    const runner = "import { runFlow } from '@dxc/flow-runner';\nexport const planted = runFlow;\n";
    expect(await ruleMessages(runner, 'solution/model/planted.ts')).toHaveLength(1);
    const relative =
      "import { seed } from '../../sandbox/dataverse/src/seed';\nexport const planted = seed;\n";
    expect(await ruleMessages(relative, 'openapi/src/planted.ts')).toHaveLength(1);
  });

  test("sandbox mode's entry, tests and test support may", async () => {
    expect(await ruleMessages(emulator, 'proxy-service/src/sandbox-mode.ts')).toEqual([]);
    expect(await ruleMessages(emulator, 'proxy-service/src/webhooks/planted.test.ts')).toEqual([]);
    expect(await ruleMessages(emulator, 'proxy-service/src/test-support/planted.ts')).toEqual([]);
  });
});

describe('size', () => {
  const statements = (count: number): string =>
    Array.from({ length: count }, (_, i) => `  total += ${i};`).join('\n');
  const longFunction = `export function planted(): number {\n  let total = 0;\n${statements(117)}\n  return total;\n}\n`;
  const longModule =
    Array.from({ length: 601 }, (_, i) => `export const planted${i} = ${i};`).join('\n') + '\n';

  test('a function over 120 lines and a module over 600 are reported', async () => {
    expect(await ruleMessages(longFunction, 'proxy-service/src/orchestration/planted.ts')).toEqual([
      expect.stringContaining("max-lines-per-function: Function 'planted' has too many lines (121)"),
    ]);
    expect(await ruleMessages(longModule, 'sandbox/flows/src/planted.ts')).toEqual([
      expect.stringContaining('max-lines: File has too many lines (601)'),
    ]);
  });

  test('blank lines and comments do not count, and tests are exempt', async () => {
    const commented = longFunction.replace('  let total = 0;\n', '  let total = 0;\n\n  // why\n');
    const atTheLimit = commented.replace('  total += 0;\n', '');
    expect(await ruleMessages(atTheLimit, 'proxy-service/src/orchestration/planted.ts')).toEqual([]);
    expect(await ruleMessages(longModule, 'proxy-service/src/orchestration/planted.test.ts')).toEqual([]);
  });
});
