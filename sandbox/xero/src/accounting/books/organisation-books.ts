/**
 * The in-memory books of one Xero organisation: its reference data from an OrganisationSeed, and the invoices,
 * contacts, items, credit notes, allocations, payments, tracking categories and invoice emails written to it.
 * Every write goes through a journaled transaction (so a failed batch leaves nothing behind) and reports INVOICE /
 * CONTACT / CREDITNOTE changes to listeners once it commits. Everything that changes lives in `store` (one
 * RecordTable per kind) and the counters, so saving those saves the organisation. Time ("now", "today", overdue) comes from the injected Clock only.
 */
import type { Clock } from '../../clock';
import type { BookChange } from '../seam';
import { ElementValidationFailure } from '../domain/accounting-errors';
import { isGuid } from '../domain/deterministic-id';
import { Counter, DerivedIndex, RecordTable, UndoJournal } from '../domain/record-table';
import type {
  AllocationRecord,
  ContactRecord,
  CreditNoteRecord,
  InvoiceEmailRecord,
  InvoiceRecord,
  ItemRecord,
  PaymentRecord,
  TrackingCategoryRecord,
  TrackingOptionRecord,
  WireObject,
} from '../domain/records';
import { calendarDateIn, ianaZoneOf, type CalendarDate } from '../domain/wire-dates';
import type { AccountSeed, OrganisationSeed, TaxRateSeed } from '../seeds/organisation-seed';
import { contactBalances, type ContactBalances } from './contact-balances';
import { writeContact } from './contact-writer';
import {
  writeCreditNote,
  writeInvoice,
  type WriteMode,
  type WriteOptions,
  type WriteOutcome,
} from './document-writer';
import { emailInvoice } from './invoice-emailer';
import { writeItem } from './item-writer';
import { deleteAllocation, deletePayment, writeAllocation, writePayment } from './settlement-writer';
import {
  deleteTrackingCategory,
  deleteTrackingOption,
  writeTrackingCategory,
  writeTrackingOption,
} from './tracking-writer';

export type { BookChange };
export type ChangeCategory = BookChange['category'];

export type ElementResult<T> =
  | { ok: true; input: WireObject; value: T; warnings: string[] }
  | { ok: false; input: WireObject; errors: string[] };

/** Typed inputs for tests and the control API (the router uses the wire-shaped writers directly). */
export interface InvoiceDraft {
  type?: 'ACCREC' | 'ACCPAY';
  contactId: string;
  status?: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED';
  invoiceNumber?: string;
  reference?: string;
  date?: CalendarDate;
  dueDate?: CalendarDate;
  lineAmountTypes?: 'Exclusive' | 'Inclusive' | 'NoTax';
  currencyCode?: string;
  lineItems: Array<{
    description?: string;
    quantity?: number;
    unitAmount?: number;
    accountCode?: string;
    taxType?: string;
    itemCode?: string;
    discountRate?: number;
  }>;
}

export class OrganisationBooks {
  readonly organisationId: string;
  readonly name: string;
  readonly shortCode: string;
  readonly baseCurrency: string;

  private readonly journal = new UndoJournal();
  /** Internal tables, for the writers in this folder; tests should prefer the typed methods below. */
  readonly store = {
    invoices: new RecordTable<InvoiceRecord>(this.journal, (r) => r.invoiceId),
    contacts: new RecordTable<ContactRecord>(this.journal, (r) => r.contactId),
    items: new RecordTable<ItemRecord>(this.journal, (r) => r.itemId),
    creditNotes: new RecordTable<CreditNoteRecord>(this.journal, (r) => r.creditNoteId),
    allocations: new RecordTable<AllocationRecord>(this.journal, (r) => r.allocationId),
    payments: new RecordTable<PaymentRecord>(this.journal, (r) => r.paymentId),
    trackingCategories: new RecordTable<TrackingCategoryRecord>(this.journal, (r) => r.trackingCategoryId),
    invoiceEmails: new RecordTable<InvoiceEmailRecord>(this.journal, (r) => r.emailId),
  };
  private readonly counters = {
    invoice: new Counter(this.journal, 1),
    creditNote: new Counter(this.journal, 1),
  };
  /** Lists ask these per row; indexes keep a 10,000-invoice list linear. */
  private readonly invoiceParties = new DerivedIndex([this.store.invoices], () => {
    const customers = new Set<string>();
    const suppliers = new Set<string>();
    const byContact = new Map<string, InvoiceRecord[]>();
    for (const i of this.store.invoices.values()) {
      (i.type === 'ACCREC' ? customers : suppliers).add(i.contactId);
      const own = byContact.get(i.contactId);
      if (own) own.push(i);
      else byContact.set(i.contactId, [i]);
    }
    return { customers, suppliers, byContact };
  });
  private readonly paymentsByInvoice = new DerivedIndex([this.store.payments], () =>
    groupBy(
      this.store.payments.values().filter((p) => p.status === 'AUTHORISED'),
      (p) => p.invoiceId,
    ),
  );
  private readonly allocationsByInvoice = new DerivedIndex([this.store.allocations], () =>
    groupBy(
      this.store.allocations.values().filter((a) => !a.isDeleted),
      (a) => a.invoiceId,
    ),
  );
  private pendingChanges: BookChange[] = [];
  private readonly listeners = new Set<(change: BookChange) => void>();

  constructor(
    readonly seed: OrganisationSeed,
    private readonly clock: Clock,
  ) {
    ianaZoneOf(seed.timezone); // fail fast on a timezone we cannot compute "today" in
    this.organisationId = seed.organisationId;
    this.name = seed.name;
    this.shortCode = seed.shortCode;
    this.baseCurrency = seed.baseCurrency;
  }

  now(): Date {
    return this.clock.now();
  }

  /** Today's date in the organisation's timezone: the default document date and the overdue cut-off. */
  today(): CalendarDate {
    return calendarDateIn(this.clock.now(), this.seed.timezone);
  }

  // ---- change notification -------------------------------------------------------------------------------

  /** Subscribes to committed INVOICE / CONTACT / CREDITNOTE creates and updates; returns the unsubscribe function. */
  onChange(listener: (change: BookChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  noteChange(
    category: ChangeCategory,
    eventType: 'CREATE' | 'UPDATE',
    resourceId: string,
    data?: BookChange['data'],
  ): void {
    const at = this.now();
    const same = this.pendingChanges.find((c) => c.category === category && c.resourceId === resourceId);
    if (same) {
      same.at = at; // a create followed by updates in one write is still one CREATE
      if (data) same.data = data; // the state the write ends in
      return;
    }
    const change: BookChange = { category, eventType, resourceId, at, ...(data ? { data } : {}) };
    this.pendingChanges.push(change);
    this.journal.record(() => {
      this.pendingChanges = this.pendingChanges.filter((c) => c !== change);
    });
  }

  /**
   * Runs `work` as one all-or-nothing write: when it throws or returns `commit: false` every change is undone and
   * no change is reported; otherwise the changes are reported to listeners.
   */
  transaction<T>(work: () => { commit: boolean; value: T }): T {
    const value = this.journal.transaction(work);
    const changes = this.pendingChanges;
    this.pendingChanges = [];
    for (const change of changes) for (const listener of this.listeners) listener(change);
    return value;
  }

  private write<T>(work: () => T): T {
    return this.transaction(() => ({ commit: true, value: work() }));
  }

  /**
   * Processes a batch as Xero does: with `summarizeErrors` (the default) any failing element means nothing is
   * saved; without it every valid element is saved and the failures are reported beside them.
   */
  writeBatch<T>(
    elements: WireObject[],
    summarize: boolean,
    writeOne: (element: WireObject) => WriteOutcome<T>,
  ): ElementResult<T>[] {
    const attempt = (element: WireObject): ElementResult<T> => {
      try {
        const outcome = writeOne(element);
        return { ok: true, input: element, value: outcome.record, warnings: outcome.warnings };
      } catch (error) {
        if (error instanceof ElementValidationFailure)
          return { ok: false, input: element, errors: error.messages };
        throw error;
      }
    };
    if (summarize) {
      return this.transaction(() => {
        const results = elements.map(attempt);
        return { commit: results.every((r) => r.ok), value: results };
      });
    }
    return elements.map((element) =>
      this.transaction(() => {
        const result = attempt(element);
        return { commit: result.ok, value: result };
      }),
    );
  }

  // ---- reference data ------------------------------------------------------------------------------------

  taxRates(): TaxRateSeed[] {
    return this.seed.taxRates;
  }

  findTaxRate(taxType: string): TaxRateSeed | undefined {
    return this.seed.taxRates.find((t) => t.taxType.toUpperCase() === taxType.toUpperCase());
  }

  accounts(): AccountSeed[] {
    return this.seed.accounts;
  }

  findAccount(accountId: string): AccountSeed | undefined {
    return this.seed.accounts.find((a) => a.accountId.toLowerCase() === accountId.toLowerCase());
  }

  findAccountByCode(code: string): AccountSeed | undefined {
    return this.seed.accounts.find((a) => a.code.toUpperCase() === code.toUpperCase());
  }

  nextDocumentNumber(kind: 'invoice' | 'creditNote'): string {
    const prefix = kind === 'invoice' ? this.seed.invoiceNumberPrefix : this.seed.creditNoteNumberPrefix;
    const taken = (n: string): boolean =>
      kind === 'invoice'
        ? this.store.invoices
            .values()
            .some((i) => i.type === 'ACCREC' && i.invoiceNumber.toLowerCase() === n.toLowerCase())
        : this.store.creditNotes
            .values()
            .some((c) => c.type === 'ACCRECCREDIT' && c.creditNoteNumber.toLowerCase() === n.toLowerCase());
    for (;;) {
      const candidate = `${prefix}${String(this.counters[kind].next()).padStart(4, '0')}`;
      if (!taken(candidate)) return candidate;
    }
  }

  // ---- invoices ------------------------------------------------------------------------------------------

  listInvoices(): InvoiceRecord[] {
    return this.store.invoices.values();
  }

  /** By InvoiceID, or by InvoiceNumber (GET /Invoices/{InvoiceNumber} is allowed by Xero). */
  findInvoice(idOrNumber: string): InvoiceRecord | undefined {
    if (isGuid(idOrNumber)) return this.store.invoices.get(idOrNumber);
    const lower = idOrNumber.toLowerCase();
    return this.store.invoices
      .values()
      .find((i) => i.status !== 'DELETED' && i.invoiceNumber.toLowerCase() === lower);
  }

  /** Writes one invoice from its wire (PascalCase) shape; throws ElementValidationFailure when invalid. */
  saveInvoice(
    input: WireObject,
    mode: WriteMode = 'create',
    opts: WriteOptions = { unitDp: 2 },
  ): InvoiceRecord {
    return this.write(() => writeInvoice(this, input, mode, opts).record);
  }

  createInvoice(draft: InvoiceDraft): InvoiceRecord {
    return this.saveInvoice({
      Type: draft.type ?? 'ACCREC',
      Contact: { ContactID: draft.contactId },
      Status: draft.status,
      InvoiceNumber: draft.invoiceNumber,
      Reference: draft.reference,
      Date: draft.date,
      DueDate: draft.dueDate,
      LineAmountTypes: draft.lineAmountTypes,
      CurrencyCode: draft.currencyCode,
      LineItems: draft.lineItems.map((l) => ({
        Description: l.description,
        Quantity: l.quantity,
        UnitAmount: l.unitAmount,
        AccountCode: l.accountCode,
        TaxType: l.taxType,
        ItemCode: l.itemCode,
        DiscountRate: l.discountRate,
      })),
    });
  }

  paymentsOfInvoice(invoiceId: string): PaymentRecord[] {
    return this.paymentsByInvoice.get().get(invoiceId) ?? [];
  }

  allocationsOfInvoice(invoiceId: string): AllocationRecord[] {
    return this.allocationsByInvoice.get().get(invoiceId) ?? [];
  }

  // ---- contacts ------------------------------------------------------------------------------------------

  listContacts(): ContactRecord[] {
    return this.store.contacts.values();
  }

  /** By ContactID, or by ContactNumber (GET /Contacts/{ContactNumber}). */
  findContact(idOrNumber: string): ContactRecord | undefined {
    return isGuid(idOrNumber) ? this.store.contacts.get(idOrNumber) : this.findContactByNumber(idOrNumber);
  }

  findContactByNumber(contactNumber: string): ContactRecord | undefined {
    const lower = contactNumber.toLowerCase();
    return this.store.contacts.values().find((c) => c.contactNumber?.toLowerCase() === lower);
  }

  findActiveContactByName(name: string): ContactRecord | undefined {
    const key = name.trim().toLowerCase();
    return this.store.contacts
      .values()
      .find((c) => c.contactStatus === 'ACTIVE' && c.name.toLowerCase() === key);
  }

  saveContact(input: WireObject, mode: WriteMode = 'create', target?: string): ContactRecord {
    return this.write(() => writeContact(this, input, mode, target).record);
  }

  createContact(fields: {
    name: string;
    contactNumber?: string;
    emailAddress?: string;
    firstName?: string;
    lastName?: string;
  }): ContactRecord {
    return this.saveContact({
      Name: fields.name,
      ContactNumber: fields.contactNumber,
      EmailAddress: fields.emailAddress,
      FirstName: fields.firstName,
      LastName: fields.lastName,
    });
  }

  /** A contact named on a document that matches none: Xero creates it. */
  createContactFromDocument(name: string, contactNumber: string | undefined): ContactRecord {
    return writeContact(this, { Name: name, ContactNumber: contactNumber }, 'create').record;
  }

  /** Xero sets IsCustomer once an ACCREC invoice exists for the contact (reference/xero-api.md section 3). */
  isCustomer(contactId: string): boolean {
    return this.invoiceParties.get().customers.has(contactId);
  }

  isSupplier(contactId: string): boolean {
    return this.invoiceParties.get().suppliers.has(contactId);
  }

  balancesOf(contactId: string): ContactBalances {
    return contactBalances(this.invoiceParties.get().byContact.get(contactId) ?? [], this.today());
  }

  // ---- items ---------------------------------------------------------------------------------------------

  listItems(): ItemRecord[] {
    return this.store.items.values();
  }

  findItem(idOrCode: string): ItemRecord | undefined {
    return isGuid(idOrCode) ? this.store.items.get(idOrCode) : this.findItemByCode(idOrCode);
  }

  findItemByCode(code: string): ItemRecord | undefined {
    const lower = code.trim().toLowerCase();
    return this.store.items.values().find((i) => i.code.toLowerCase() === lower);
  }

  saveItem(input: WireObject, mode: WriteMode = 'create', unitDp: 2 | 4 = 2, target?: string): ItemRecord {
    return this.write(() => writeItem(this, input, mode, unitDp, target).record);
  }

  deleteItem(idOrCode: string): boolean {
    const item = this.findItem(idOrCode);
    return item ? this.write(() => this.store.items.delete(item.itemId)) : false;
  }

  // ---- credit notes and allocations ----------------------------------------------------------------------

  /** Records a credit note create / update for the CREDITNOTE webhook (with its type and status). */
  noteCreditNoteChange(note: CreditNoteRecord, eventType: 'CREATE' | 'UPDATE'): void {
    this.noteChange('CREDITNOTE', eventType, note.creditNoteId, { Type: note.type, Status: note.status });
  }

  listCreditNotes(): CreditNoteRecord[] {
    return this.store.creditNotes.values();
  }

  findCreditNote(idOrNumber: string): CreditNoteRecord | undefined {
    if (isGuid(idOrNumber)) return this.store.creditNotes.get(idOrNumber);
    const lower = idOrNumber.toLowerCase();
    return this.store.creditNotes
      .values()
      .find((c) => c.status !== 'DELETED' && c.creditNoteNumber.toLowerCase() === lower);
  }

  saveCreditNote(
    input: WireObject,
    mode: WriteMode = 'create',
    opts: WriteOptions = { unitDp: 2 },
  ): CreditNoteRecord {
    return this.write(() => writeCreditNote(this, input, mode, opts).record);
  }

  allocationsOfCreditNote(creditNoteId: string): AllocationRecord[] {
    return this.store.allocations.values().filter((a) => a.creditNoteId === creditNoteId && !a.isDeleted);
  }

  allocateCreditNote(
    creditNoteId: string,
    allocation: { invoiceId: string; amount: number; date?: CalendarDate },
  ): AllocationRecord {
    return this.write(() =>
      writeAllocation(this, creditNoteId, {
        Invoice: { InvoiceID: allocation.invoiceId },
        Amount: allocation.amount,
        Date: allocation.date,
      }),
    );
  }

  removeAllocation(creditNoteId: string, allocationId: string): AllocationRecord {
    return this.write(() => deleteAllocation(this, creditNoteId, allocationId));
  }

  // ---- tracking categories -------------------------------------------------------------------------------

  /** Every tracking category, DELETED ones included (lists filter them). */
  listTrackingCategories(): TrackingCategoryRecord[] {
    return this.store.trackingCategories.values();
  }

  findTrackingCategory(trackingCategoryId: string): TrackingCategoryRecord | undefined {
    const category = isGuid(trackingCategoryId)
      ? this.store.trackingCategories.get(trackingCategoryId)
      : undefined;
    return category?.status === 'DELETED' ? undefined : category;
  }

  /** Creates a tracking category (`{name}`) or, with `trackingCategoryId`, renames / archives / restores it. */
  saveTrackingCategory(fields: {
    trackingCategoryId?: string;
    name?: string;
    status?: 'ACTIVE' | 'ARCHIVED';
  }): TrackingCategoryRecord {
    return this.write(() =>
      writeTrackingCategory(this, { Name: fields.name, Status: fields.status }, fields.trackingCategoryId),
    );
  }

  /** Adds an option (`{name}`) to a category or, with `trackingOptionId`, renames / archives / restores it. */
  saveTrackingOption(
    trackingCategoryId: string,
    fields: { trackingOptionId?: string; name?: string; status?: 'ACTIVE' | 'ARCHIVED' },
  ): TrackingOptionRecord {
    return this.write(() =>
      writeTrackingOption(
        this,
        trackingCategoryId,
        { Name: fields.name, Status: fields.status },
        fields.trackingOptionId,
      ),
    );
  }

  deleteTrackingCategory(trackingCategoryId: string): TrackingCategoryRecord {
    return this.write(() => deleteTrackingCategory(this, trackingCategoryId));
  }

  deleteTrackingOption(trackingCategoryId: string, trackingOptionId: string): TrackingOptionRecord {
    return this.write(() => deleteTrackingOption(this, trackingCategoryId, trackingOptionId));
  }

  /** Creates a category with its options in one write (the control API seeds organisations with this). */
  seedTrackingCategory(seed: {
    name: string;
    options: string[];
    archivedOptions?: string[];
    status?: 'ACTIVE' | 'ARCHIVED';
  }): TrackingCategoryRecord {
    return this.write(() => {
      const category = writeTrackingCategory(this, { Name: seed.name });
      for (const name of seed.options) {
        const option = writeTrackingOption(this, category.trackingCategoryId, { Name: name });
        if (seed.archivedOptions?.some((a) => a.toLowerCase() === name.toLowerCase()))
          writeTrackingOption(
            this,
            category.trackingCategoryId,
            { Status: 'ARCHIVED' },
            option.trackingOptionId,
          );
      }
      if (seed.status === 'ARCHIVED')
        writeTrackingCategory(this, { Status: 'ARCHIVED' }, category.trackingCategoryId);
      return this.store.trackingCategories.get(category.trackingCategoryId)!;
    });
  }

  /** Whether any invoice or credit-note line carries the category (or, given, that option of it). */
  isTrackingInUse(trackingCategoryId: string, trackingOptionId?: string): boolean {
    const documents = [...this.store.invoices.values(), ...this.store.creditNotes.values()];
    return documents.some((d) =>
      d.lineItems.some((l) =>
        l.tracking.some(
          (t) =>
            t.trackingCategoryId === trackingCategoryId &&
            (trackingOptionId === undefined || t.trackingOptionId === trackingOptionId),
        ),
      ),
    );
  }

  // ---- invoice emails ------------------------------------------------------------------------------------

  /** Emails the invoice to its contact as POST /Invoices/{id}/Email does; throws ElementValidationFailure. */
  emailInvoice(invoiceId: string): InvoiceEmailRecord {
    const invoice = this.findInvoice(invoiceId);
    if (!invoice) throw new Error(`unknown invoice ${invoiceId}`);
    return this.write(() => emailInvoice(this, invoice));
  }

  /** Every invoice email sent, oldest first. */
  invoiceEmails(): InvoiceEmailRecord[] {
    return this.store.invoiceEmails
      .values()
      .sort((a, b) => a.sentDateUtc.getTime() - b.sentDateUtc.getTime());
  }

  /** The emails one invoice got: exactly-once tests count these. */
  emailsSentFor(invoiceId: string): InvoiceEmailRecord[] {
    return this.invoiceEmails().filter((e) => e.invoiceId.toLowerCase() === invoiceId.toLowerCase());
  }

  // ---- payments ------------------------------------------------------------------------------------------

  listPayments(): PaymentRecord[] {
    return this.store.payments.values();
  }

  findPayment(paymentId: string): PaymentRecord | undefined {
    return isGuid(paymentId) ? this.store.payments.get(paymentId) : undefined;
  }

  /** Pays an invoice into a bank account (090, the demo company's business bank account, unless told). */
  recordPayment(payment: {
    invoiceId: string;
    amount: number;
    date?: CalendarDate;
    accountCode?: string;
    reference?: string;
  }): PaymentRecord {
    return this.write(() =>
      writePayment(this, {
        Invoice: { InvoiceID: payment.invoiceId },
        Account: { Code: payment.accountCode ?? '090' },
        Amount: payment.amount,
        Date: payment.date,
        Reference: payment.reference,
      }),
    );
  }

  deletePayment(paymentId: string): PaymentRecord {
    return this.write(() => deletePayment(this, paymentId, { Status: 'DELETED' }));
  }
}

function groupBy<T>(records: T[], keyOf: (record: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const key = keyOf(record);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return groups;
}
