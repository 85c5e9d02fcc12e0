import { uuid } from '../domain/invoices/test-support/batch-fixtures';
import { mapInvoiceRow } from './invoice-rows';
import { CONNECTION_ROW, detailRow, invoiceRow } from './test-support/dataverse-rows';

const TENANT = '6a1b2c3d-0000-4000-8000-00000000000b';
const REGION = '6b1e3c2a-0000-4000-8000-000000000001';
const PROJECT = '6b1e3c2a-0000-4000-8000-000000000002';
const NORTH = '7c2f4d3b-0000-4000-8000-000000000001';
const APOLLO = '7c2f4d3b-0000-4000-8000-000000000003';

/** A dxc_xerotrackingoption row as the Sync invoices flow expands it on a line. */
const option = (optionId: string, categoryId: string, category: string, name: string, connection = 1) => ({
  dxc_optionid: optionId,
  dxc_categoryid: categoryId,
  dxc_categoryname: category,
  dxc_name: name,
  _dxc_connectionid_value: uuid(CONNECTION_ROW, connection),
});

describe('the tracking option lookups of an invoice line → line tracking (issue 14 §2)', () => {
  test('both lookups become the line’s tracking, in slot order; a line without them has none', () => {
    const row = invoiceRow(1, TENANT, {
      invoice_details: [
        detailRow(1, {
          dxc_TrackingOption1: option(APOLLO, PROJECT, 'Project', 'Apollo'),
          dxc_TrackingOption2: option(NORTH, REGION, 'Region', 'North'),
        }),
        detailRow(2, { sequencenumber: 2, dxc_TrackingOption1: null, dxc_TrackingOption2: null }),
      ],
    });
    const mapped = mapInvoiceRow(row, 0);
    if (!mapped.ok) throw new Error(mapped.problem);
    expect(mapped.invoice.lines.map((l) => l.tracking)).toEqual([
      [
        {
          trackingCategoryId: PROJECT,
          trackingOptionId: APOLLO,
          categoryName: 'Project',
          optionName: 'Apollo',
        },
        { trackingCategoryId: REGION, trackingOptionId: NORTH, categoryName: 'Region', optionName: 'North' },
      ],
      undefined,
    ]);
  });

  test("an option of another organisation's connection fails the row, naming the line's column", () => {
    const row = invoiceRow(2, TENANT, {
      invoice_details: [
        detailRow(3),
        detailRow(4, { sequencenumber: 2, dxc_TrackingOption2: option(NORTH, REGION, 'Region', 'North', 2) }),
      ],
    });
    const mapped = mapInvoiceRow(row, 0);
    expect(mapped.ok).toBe(false);
    if (mapped.ok) return;
    expect(mapped.problem).toBe(
      'Not sent to Xero: invoice_details[1].dxc_trackingoption2 (line 2, tracking option 2 "Region: North") ' +
        "belongs to another Xero connection. Choose an option imported for this invoice's connection, then set " +
        'Export status to No.',
    );
  });
});
