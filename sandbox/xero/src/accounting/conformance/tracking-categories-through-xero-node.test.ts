/**
 * Tracking categories and tracked invoice / credit-note lines through the real xero-node@20.0.0 client, against
 * the accounting router alone and the full emulator; every JSON response is checked against Xero's OpenAPI spec.
 */
import { CreditNote, Invoice, TrackingCategory, TrackingOption, type XeroClient } from 'xero-node';
import { TOO_MANY_ACTIVE_CATEGORIES } from '../books/tracking-writer';
import { archivedCategoryMessage, archivedOptionMessage, unknownOptionMessage } from '../books/line-tracking';
import { ACCOUNTING_TARGETS, type AccountingTarget } from '../test-support/accounting-target';
import { rejectionOf, validationMessages } from '../test-support/xero-node-client';

describe.each(ACCOUNTING_TARGETS)('tracking through xero-node, against the %s', (_label, startTarget) => {
  let app: AccountingTarget;
  let xero: XeroClient;
  let t: string;
  const api = () => xero.accountingApi;
  let region: TrackingCategory;
  let north: TrackingOption;
  let south: TrackingOption;
  let contactID: string;

  beforeAll(async () => {
    app = await startTarget();
    xero = app.xero;
    t = app.tenantId;
    contactID = (await api().createContacts(t, { contacts: [{ name: 'Tracked Customer' }] })).body
      .contacts![0]!.contactID!;
  });

  afterAll(async () => {
    await app.close();
  });

  it('creates a category and its options, and lists them', async () => {
    region = (await api().createTrackingCategory(t, { name: 'Region' })).body.trackingCategories![0]!;
    expect(region).toMatchObject({ name: 'Region', status: TrackingCategory.StatusEnum.ACTIVE, options: [] });
    north = (await api().createTrackingOptions(t, region.trackingCategoryID!, { name: 'North' })).body
      .options![0]!;
    south = (await api().createTrackingOptions(t, region.trackingCategoryID!, { name: 'South' })).body
      .options![0]!;
    expect(north).toMatchObject({ name: 'North', status: TrackingOption.StatusEnum.ACTIVE });
    const listed = await api().getTrackingCategories(t);
    expect(listed.body.trackingCategories!.map((c) => [c.name, c.options!.map((o) => o.name)])).toEqual([
      ['Region', ['North', 'South']],
    ]);
    const one = await api().getTrackingCategory(t, region.trackingCategoryID!);
    expect(one.body.trackingCategories![0]!.trackingCategoryID).toBe(region.trackingCategoryID);
  });

  it('refuses a duplicate option name and a third active category, naming the reason', async () => {
    const duplicate = await rejectionOf(
      api().createTrackingOptions(t, region.trackingCategoryID!, { name: 'north' }),
    );
    expect(duplicate.statusCode).toBe(400);
    expect(validationMessages(duplicate.body)).toEqual([
      "The tracking category 'Region' already has an option called 'north'.",
    ]);
    await api().createTrackingCategory(t, { name: 'Salesperson' });
    const third = await rejectionOf(api().createTrackingCategory(t, { name: 'Project' }));
    expect(third).toMatchObject({ statusCode: 400, body: { Type: 'ValidationException' } });
    expect(validationMessages(third.body)).toEqual([TOO_MANY_ACTIVE_CATEGORIES]);
    const unnamed = await rejectionOf(api().createTrackingCategory(t, { name: '' }));
    expect(validationMessages(unnamed.body)).toContain('Tracking Category Name is required.');
  });

  it('puts tracking on invoice lines by id or by name, and returns it on GET', async () => {
    const created = await api().createInvoices(t, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID },
          lineItems: [
            {
              description: 'By id',
              quantity: 1,
              unitAmount: 10,
              accountCode: '200',
              tracking: [
                { trackingCategoryID: region.trackingCategoryID, trackingOptionID: north.trackingOptionID },
              ],
            },
            {
              description: 'By name',
              quantity: 1,
              unitAmount: 20,
              accountCode: '200',
              tracking: [{ name: 'region', option: 'SOUTH' }],
            },
          ],
        },
      ],
    });
    const invoice = created.body.invoices![0]!;
    expect(invoice.statusAttributeString).toBe('OK');
    const read = (await api().getInvoice(t, invoice.invoiceID!)).body.invoices![0]!;
    expect(read.lineItems!.map((l) => l.tracking)).toEqual([
      [
        {
          name: 'Region',
          option: 'North',
          trackingCategoryID: region.trackingCategoryID,
          trackingOptionID: north.trackingOptionID,
        },
      ],
      [
        {
          name: 'Region',
          option: 'South',
          trackingCategoryID: region.trackingCategoryID,
          trackingOptionID: south.trackingOptionID,
        },
      ],
    ]);
  });

  it('fails an invoice whose line uses an archived or unknown option, and saves nothing', async () => {
    const archived = await api().updateTrackingOptions(
      t,
      region.trackingCategoryID!,
      south.trackingOptionID!,
      {
        status: TrackingOption.StatusEnum.ARCHIVED,
      },
    );
    expect(archived.body.options![0]!.status).toBe(TrackingOption.StatusEnum.ARCHIVED);
    const before = app.books.listInvoices().length;
    const line = (tracking: object[]) => ({
      type: Invoice.TypeEnum.ACCREC,
      contact: { contactID },
      lineItems: [{ description: 'x', quantity: 1, unitAmount: 5, accountCode: '200', tracking }],
    });
    const byId = await rejectionOf(
      api().createInvoices(t, {
        invoices: [
          line([{ trackingCategoryID: region.trackingCategoryID, trackingOptionID: south.trackingOptionID }]),
        ],
      }),
    );
    expect(byId).toMatchObject({ statusCode: 400, body: { Type: 'ValidationException' } });
    expect(validationMessages(byId.body)).toEqual([archivedOptionMessage('Region', 'South')]);
    const unknown = await rejectionOf(
      api().createInvoices(t, { invoices: [line([{ name: 'Region', option: 'West' }])] }),
    );
    expect(validationMessages(unknown.body)).toEqual([unknownOptionMessage('Region', 'West')]);
    const tooMany = await rejectionOf(
      api().createInvoices(t, {
        invoices: [
          line([{ name: 'Region', option: 'North' }, { name: 'Region', option: 'North' }, { name: 'X' }]),
        ],
      }),
    );
    expect(validationMessages(tooMany.body)).toEqual(['A line item can have at most 2 tracking categories.']);
    expect(app.books.listInvoices()).toHaveLength(before);
  });

  it('hides archived options and categories unless includeArchived, and keeps them on lines that had them', async () => {
    const active = await api().getTrackingCategories(t, undefined, 'Name ASC');
    expect(
      active.body.trackingCategories!.find((c) => c.name === 'Region')!.options!.map((o) => o.name),
    ).toEqual(['North']);
    const all = await api().getTrackingCategories(t, undefined, undefined, true);
    expect(
      all.body.trackingCategories!.find((c) => c.name === 'Region')!.options!.map((o) => o.name),
    ).toEqual(['North', 'South']);
    const tracked = app.books
      .listInvoices()
      .find((i) => i.lineItems.some((l) => l.tracking.some((tr) => tr.option === 'South')))!;
    // An edit that resends the lines keeps the archived option already on them.
    const edited = await api().updateInvoice(t, tracked.invoiceId, {
      invoices: [{ reference: 'edited after archiving' }],
    });
    expect(edited.body.invoices![0]!.lineItems![1]!.tracking![0]!.option).toBe('South');
    const salesperson = (await api().getTrackingCategories(t, 'Name=="Salesperson"')).body
      .trackingCategories![0]!;
    await api().updateTrackingCategory(t, salesperson.trackingCategoryID!, {
      status: TrackingCategory.StatusEnum.ARCHIVED,
    });
    expect((await api().getTrackingCategories(t)).body.trackingCategories!.map((c) => c.name)).toEqual([
      'Region',
    ]);
    const archivedCategoryOption = (
      await api().createTrackingOptions(t, salesperson.trackingCategoryID!, { name: 'Alex' })
    ).body.options![0]!;
    const refused = await rejectionOf(
      api().createCreditNotes(t, {
        creditNotes: [
          {
            type: CreditNote.TypeEnum.ACCRECCREDIT,
            contact: { contactID },
            lineItems: [
              {
                description: 'credit',
                quantity: 1,
                unitAmount: 5,
                accountCode: '200',
                tracking: [
                  {
                    trackingCategoryID: salesperson.trackingCategoryID,
                    trackingOptionID: archivedCategoryOption.trackingOptionID,
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(validationMessages(refused.body)).toEqual([archivedCategoryMessage('Salesperson')]);
    // With one category archived, a second active one may be created again.
    await api().createTrackingCategory(t, { name: 'Project' });
  });

  it('shows a renamed option by its new name on the lines that carry it', async () => {
    const renamed = await api().updateTrackingOptions(
      t,
      region.trackingCategoryID!,
      north.trackingOptionID!,
      {
        name: 'Northern',
      },
    );
    expect(renamed.body.options![0]!.name).toBe('Northern');
    const tracked = app.books
      .listInvoices()
      .find((i) =>
        i.lineItems.some((l) => l.tracking.some((tr) => tr.trackingOptionId === north.trackingOptionID)),
      )!;
    const read = (await api().getInvoice(t, tracked.invoiceId)).body.invoices![0]!;
    expect(read.lineItems![0]!.tracking![0]).toMatchObject({ name: 'Region', option: 'Northern' });
    await api().updateTrackingOptions(t, region.trackingCategoryID!, north.trackingOptionID!, {
      name: 'North',
    });
  });

  it('deletes only what no document uses', async () => {
    const inUse = await rejectionOf(
      api().deleteTrackingOptions(t, region.trackingCategoryID!, north.trackingOptionID!),
    );
    expect(validationMessages(inUse.body)).toEqual([
      "The tracking option 'North' is used on transactions and cannot be deleted. Archive it instead.",
    ]);
    const spare = (await api().createTrackingOptions(t, region.trackingCategoryID!, { name: 'Spare' })).body
      .options![0]!;
    const deleted = await api().deleteTrackingOptions(t, region.trackingCategoryID!, spare.trackingOptionID!);
    expect(deleted.body.options![0]).toMatchObject({
      name: 'Spare',
      status: TrackingOption.StatusEnum.DELETED,
    });
    const project = (await api().getTrackingCategories(t, 'Name=="Project"')).body.trackingCategories![0]!;
    const gone = await api().deleteTrackingCategory(t, project.trackingCategoryID!);
    expect(gone.body.trackingCategories![0]!.status).toBe(TrackingCategory.StatusEnum.DELETED);
    expect(
      (await api().getTrackingCategories(t, undefined, undefined, true)).body.trackingCategories!.map(
        (c) => c.name,
      ),
    ).toEqual(['Region', 'Salesperson']);
    const missing = await rejectionOf(api().getTrackingCategory(t, '00000000-0000-4000-8000-000000000000'));
    expect(missing.statusCode).toBe(404);
  });

  it("validates every response against Xero's OpenAPI spec", () => {
    const checked = app.specChecks.filter((c) => !c.schema.startsWith('('));
    expect(app.specChecks.filter((c) => c.errors.length > 0)).toEqual([]);
    expect(new Set(checked.map((c) => c.schema))).toEqual(
      new Set(['Contacts', 'TrackingCategories', 'TrackingOptions', 'Invoices', 'Error']),
    );
  });
});
