/**
 * Writes proxy-service/src/xero/answers/generated/xero-answer-schemas.ts from Xero's OpenAPI spec, read from the
 * reference folder beside the repository (the proxy must not need that folder at run time, so the few schemas it
 * uses are generated into the source tree). `--check` reports a stale file and exits 1 instead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { referenceSpec } from '../../scripts/reference-specs';
import { answerSchemasSource } from '../src/xero/answers/derive-answer-schemas';

export const GENERATED_FILE = path.join(
  __dirname,
  '..',
  'src',
  'xero',
  'answers',
  'generated',
  'xero-answer-schemas.ts',
);

const source = answerSchemasSource(readFileSync(referenceSpec('xero', 'xero_accounting.yaml'), 'utf8'));
if (process.argv.includes('--check')) {
  if (readFileSync(GENERATED_FILE, 'utf8') !== source) {
    console.error(
      `${GENERATED_FILE} is stale: run npx tsx proxy-service/scripts/generate-xero-answer-schemas.ts`,
    );
    process.exit(1);
  }
} else {
  writeFileSync(GENERATED_FILE, source);
  console.log(`wrote ${GENERATED_FILE}`);
}
