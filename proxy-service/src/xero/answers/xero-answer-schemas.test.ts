import { readFileSync } from 'node:fs';
import path from 'node:path';
import { referenceSpec } from '../../../../scripts/reference-specs';
import { answerSchemasSource, deriveAnswerSchemas, GENERATED_HEADER } from './derive-answer-schemas';

const SPEC = referenceSpec('xero', 'xero_accounting.yaml');
const GENERATED = path.join(__dirname, 'generated', 'xero-answer-schemas.ts');

test("the generated answer schemas are fresh against Xero's spec and say so in their first line", () => {
  const committed = readFileSync(GENERATED, 'utf8');
  expect(committed.split('\n')[0]).toBe(GENERATED_HEADER);
  // If this fails: npx tsx proxy-service/scripts/generate-xero-answer-schemas.ts
  expect(committed).toBe(answerSchemasSource(readFileSync(SPEC, 'utf8')));
});

test("the types come from the spec: a field Xero's spec retypes changes the generated schema", () => {
  const spec = readFileSync(SPEC, 'utf8');
  const asDerived = deriveAnswerSchemas(spec);
  expect(asDerived.Invoices!.properties!.Invoices!.items!.properties!.Total).toEqual({
    type: 'number',
    nullable: true,
  });
  // AmountDue is typed once in the Invoice schema; retyping it there must reach the answer's schema.
  const retyped = spec.replace(
    /(\n {4}Invoice:\n[\s\S]*?\n {8}AmountDue:\n[\s\S]*?type: )number/,
    '$1string',
  );
  expect(retyped).not.toBe(spec);
  expect(deriveAnswerSchemas(retyped).Invoices!.properties!.Invoices!.items!.properties!.AmountDue).toEqual({
    type: 'string',
    nullable: true,
  });
});

test('a field we rely on that the spec does not document stops the generator', () => {
  const spec = readFileSync(SPEC, 'utf8');
  const withoutTaxType = spec.replace(/(\n {4}TaxRate:\n[\s\S]*?\n {8})TaxType:/, '$1RenamedTaxType:');
  expect(withoutTaxType).not.toBe(spec);
  expect(() => deriveAnswerSchemas(withoutTaxType)).toThrow(
    /TaxRates\.TaxRates\[\]\.TaxType: the spec does not/,
  );
});
