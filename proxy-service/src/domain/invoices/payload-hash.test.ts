import { bodyHash, canonicalJson, payloadHash } from './payload-hash';
import type { XeroInvoicePayload } from './xero-payloads';

const payload: XeroInvoicePayload = {
  Type: 'ACCREC',
  Contact: { ContactID: 'c1' },
  LineItems: [
    { Description: 'Consulting', Quantity: 2, UnitAmount: 50, AccountCode: '200', TaxType: 'OUTPUT2' },
  ],
  LineAmountTypes: 'Exclusive',
  Date: '2026-02-02',
  InvoiceNumber: 'INV-1',
  Status: 'DRAFT',
};

describe('payload hash — "unchanged → no Xero call"', () => {
  it('is sha256 over canonical JSON with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined, b: 'x' }] })).toBe(
      '{"a":[{"b":"x","d":2}],"b":1}',
    );
    expect(payloadHash(payload)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('does not change with key order', () => {
    const reordered = JSON.parse(
      JSON.stringify({ Status: 'DRAFT', InvoiceNumber: 'INV-1', ...payload }),
    ) as XeroInvoicePayload;
    expect(payloadHash(reordered)).toBe(payloadHash(payload));
  });

  it('changes when the content changes', () => {
    expect(payloadHash({ ...payload, Reference: 'PO-1' })).not.toBe(payloadHash(payload));
    const priced = { ...payload, LineItems: [{ ...payload.LineItems[0]!, UnitAmount: 51 }] };
    expect(payloadHash(priced)).not.toBe(payloadHash(payload));
  });

  it('ignores where the invoice is in Xero (InvoiceID, LineItemID, Status), which is not content', () => {
    const asUpdate: XeroInvoicePayload = {
      ...payload,
      InvoiceID: 'x1',
      Status: undefined,
      LineItems: [{ LineItemID: 'l1', ...payload.LineItems[0]! }],
    };
    expect(payloadHash(asUpdate)).toBe(payloadHash(payload));
    expect(bodyHash(asUpdate)).not.toBe(bodyHash(payload));
  });
});
