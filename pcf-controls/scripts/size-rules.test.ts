/**
 * @jest-environment node
 */
// pcf-controls lints with its own flat config (eslint.config.mjs, run by the build), not the root one, so issue 16's
// size rules are planted here too: a violation must be reported where the rules apply and not where they do not.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const PCF_ROOT = join(__dirname, '..');

// ESLint loads its config file with import(), which jest's module system does not offer; a child Node runs it instead.
const LINT = `
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
const eslint = new ESLint({ cwd: process.cwd() });
const results = {};
for (const [filePath, code] of JSON.parse(readFileSync(0, 'utf8'))) {
  const [result] = await eslint.lintText(code, { filePath: join(process.cwd(), filePath) });
  results[filePath] = (result?.messages ?? [])
    .filter((message) => (message.ruleId ?? '').startsWith('max-lines'))
    .map((message) => message.ruleId + ': ' + message.message);
}
process.stdout.write(JSON.stringify(results));
`;

/** The size-rule messages for each `[path, code]`, linted as if it were that file in pcf-controls. */
function sizeMessages(files: [string, string][]): Record<string, string[]> {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', LINT], {
    cwd: PCF_ROOT,
    input: JSON.stringify(files),
    encoding: 'utf8',
  });
  return JSON.parse(output) as Record<string, string[]>;
}

const statements = (count: number): string =>
  Array.from({ length: count }, (_, i) => `  total += ${i};`).join('\n');
/** `planted` has 121 lines; at the limit, one statement less and a blank line and a comment more (not counted). */
const longFunction = `export function planted(): number {\n  let total = 0;\n${statements(117)}\n  return total;\n}\n`;
const atTheLimit = longFunction.replace(
  '  let total = 0;\n  total += 0;\n',
  '  let total = 0;\n\n  // why\n',
);
const longModule =
  Array.from({ length: 601 }, (_, i) => `export const planted${i} = ${i};`).join('\n') + '\n';

test('the pcf lint reports a function over 120 lines and a module over 600, and exempts tests', () => {
  const messages = sizeMessages([
    ['SyncCentre/components/planted.tsx', longFunction],
    ['shared/planted.ts', longModule],
    ['SyncCentre/components/at-the-limit.tsx', atTheLimit],
    ['SyncCentre/planted.test.tsx', longFunction],
    ['browser-tests/planted.test.ts', longModule],
    ['test-support/planted.ts', longFunction],
  ]);
  expect(messages).toEqual({
    'SyncCentre/components/planted.tsx': [
      expect.stringContaining("max-lines-per-function: Function 'planted' has too many lines (121)"),
    ],
    'shared/planted.ts': [expect.stringContaining('max-lines: File has too many lines (601)')],
    'SyncCentre/components/at-the-limit.tsx': [],
    'SyncCentre/planted.test.tsx': [],
    'browser-tests/planted.test.ts': [],
    'test-support/planted.ts': [],
  });
});
