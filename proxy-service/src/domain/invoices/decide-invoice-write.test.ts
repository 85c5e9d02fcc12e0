import { decideInvoiceWrite } from './decide-invoice-write';

const id = 'f1e2d3c4-0000-4000-8000-000000000001';

describe('deciding the Xero write of an invoice', () => {
  it('creates an invoice Xero does not have yet', () => {
    expect(decideInvoiceWrite(undefined, 'sha256:new')).toEqual({ kind: 'create' });
  });

  it('makes no call when the content is the same as last accepted', () => {
    expect(
      decideInvoiceWrite({ xeroInvoiceId: id, payloadHash: 'sha256:a', status: 'PAID' }, 'sha256:a'),
    ).toEqual({
      kind: 'unchanged',
      xeroInvoiceId: id,
    });
  });

  it.each(['DRAFT', 'SUBMITTED', 'AUTHORISED'] as const)(
    'updates a changed %s invoice without payments',
    (status) => {
      expect(decideInvoiceWrite({ xeroInvoiceId: id, payloadHash: 'sha256:a', status }, 'sha256:b')).toEqual({
        kind: 'update',
        xeroInvoiceId: id,
      });
    },
  );

  it('updates when only the Xero id is known (the ledger lost it, the invoice carried it)', () => {
    expect(decideInvoiceWrite({ xeroInvoiceId: id }, 'sha256:b')).toEqual({
      kind: 'update',
      xeroInvoiceId: id,
    });
  });

  it.each(['PAID', 'VOIDED', 'DELETED'] as const)('refuses to change a %s invoice, saying so', (status) => {
    const decision = decideInvoiceWrite({ xeroInvoiceId: id, payloadHash: 'sha256:a', status }, 'sha256:b');
    expect(decision).toMatchObject({ kind: 'refuse', xeroInvoiceId: id, error: { code: 'not_changeable' } });
    expect(decision.kind === 'refuse' && decision.error.message).toMatch(
      new RegExp(`^The invoice is ${status} in Xero and can no longer be changed\\.`),
    );
  });

  it('refuses to change an approved invoice with a payment or credit allocated', () => {
    const decision = decideInvoiceWrite(
      { xeroInvoiceId: id, payloadHash: 'sha256:a', status: 'AUTHORISED', hasPayments: true },
      'sha256:b',
    );
    expect(decision.kind === 'refuse' && decision.error.message).toMatch(
      /has a payment or credit note allocated to it in Xero and can no longer be changed/,
    );
  });
});
