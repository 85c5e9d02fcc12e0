import { mapInvoiceToXero } from './map-invoice-to-xero';
import { screenInvoices } from './screen-invoices';
import { invoice, line, settings, uuid, XERO_CONTACT } from './test-support/batch-fixtures';

const REGION = '6b1e3c2a-0000-4000-8000-000000000001';
const PROJECT = '6b1e3c2a-0000-4000-8000-000000000002';
const NORTH = '7c2f4d3b-0000-4000-8000-000000000001';
const SOUTH = '7c2f4d3b-0000-4000-8000-000000000002';
const APOLLO = '7c2f4d3b-0000-4000-8000-000000000003';
const resolved = { xeroContactId: uuid(XERO_CONTACT, 1), items: { resolved: {}, withoutItem: {} } };

const north = {
  trackingCategoryId: REGION,
  trackingOptionId: NORTH,
  categoryName: 'Region',
  optionName: 'North',
};
const south = {
  trackingCategoryId: REGION,
  trackingOptionId: SOUTH,
  categoryName: 'Region',
  optionName: 'South',
};
const apollo = { trackingCategoryId: PROJECT, trackingOptionId: APOLLO };

describe('line tracking → Xero LineItem.Tracking (issue 14 §2)', () => {
  it('sends a line’s two options of two categories with their ids, and the names when known', () => {
    const result = mapInvoiceToXero(
      invoice(1, { lines: [line({ tracking: [north, apollo] })] }),
      settings(),
      resolved,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.payload.LineItems[0]!.Tracking).toEqual([
      { TrackingCategoryID: REGION, TrackingOptionID: NORTH, Name: 'Region', Option: 'North' },
      { TrackingCategoryID: PROJECT, TrackingOptionID: APOLLO },
    ]);
  });

  it('a line without tracking sends no Tracking at all (the payload, and so its hash, is as before)', () => {
    const result = mapInvoiceToXero(invoice(2), settings(), resolved);
    expect(result.ok && 'Tracking' in result.payload.LineItems[0]!).toBe(false);
  });

  it('two options of the same category fail the invoice before any Xero call, naming the line and the field', () => {
    const batch = [
      invoice(3, {
        lines: [line(), line({ tracking: [north, { ...south, trackingCategoryId: REGION.toUpperCase() }] })],
      }),
      invoice(4, { lines: [line({ tracking: [south] })] }),
    ];
    const [refused, fine] = screenInvoices(batch, settings(), undefined);
    expect(fine).toBeUndefined();
    expect(refused).toEqual([
      {
        code: 'invalid_invoice',
        field: 'lines[1].tracking[1]',
        message:
          "Line 2 has two options of the tracking category 'Region'; Xero takes one option per category on a line. " +
          "Clear one of the line's tracking options.",
      },
    ]);
  });

  it('a note line keeps no tracking and says so', () => {
    const note = line({
      isWriteIn: true,
      productNumber: undefined,
      writeInDescription: 'Thank you',
      quantity: 0,
      unitPrice: 0,
      tracking: [north],
    });
    const result = mapInvoiceToXero(invoice(5, { lines: [line(), note] }), settings(), resolved);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.payload.LineItems[1]).toEqual({ Description: 'Thank you' });
    expect(result.notes).toContain('Line 2 is a note line, so its tracking options were not sent.');
  });
});
