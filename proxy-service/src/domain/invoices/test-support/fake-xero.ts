/**
 * An in-memory stand-in for the few Xero calls a sync batch plan makes, answering in Xero's wire shapes
 * (`summarizeErrors=false` elements, verbatim refusal texts from reference/xero-api.md). The domain's tests drive
 * the planner's stages through it and count calls. Behaviour against the full emulator is covered by the
 * emulator-backed suite beside this folder.
 */
import { createHash } from 'node:crypto';
import type { XeroCall } from '../xero-calls';
import type {
  XeroContactRecord,
  XeroInvoicePayload,
  XeroInvoiceRecord,
  XeroItemRecord,
  XeroLineItemRecord,
} from '../xero-payloads';

const TAX_RATES: Record<string, number> = {
  OUTPUT2: 20,
  INPUT2: 20,
  RROUTPUT: 5,
  NONE: 0,
  ZERORATEDOUTPUT: 0,
};
const money = (v: number): number => Math.round(v * 100) / 100;
const idFor = (seed: string): string => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

interface StoredContact {
  ContactID: string;
  Name: string;
  ContactNumber?: string;
  ContactStatus: string;
}

export class FakeXero {
  readonly contacts: StoredContact[] = [];
  readonly itemCodes: string[] = [];
  readonly invoices = new Map<string, XeroInvoiceRecord>();
  readonly calls: XeroCall[] = [];
  /** Invoices for which the write answers with these validation messages (by InvoiceNumber). */
  readonly refusals = new Map<string, string[]>();
  private numberSeq = 0;

  addContact(name: string, contactNumber?: string, status = 'ACTIVE', id?: string): string {
    const ContactID = id ?? idFor(`contact:${name}:${this.contacts.length}`);
    this.contacts.push({ ContactID, Name: name, ContactNumber: contactNumber, ContactStatus: status });
    return ContactID;
  }

  lookupContacts(where: string): XeroContactRecord[] {
    this.calls.push({
      kind: 'contacts.lookup',
      method: 'GET',
      path: '/Contacts',
      where,
      includeArchived: true,
    });
    const numbers = [...where.matchAll(/ContactNumber=="([^"]*)"/g)].map((m) => m[1]!.toLowerCase());
    const ids = [...where.matchAll(/ContactID==Guid\("([^"]*)"\)/g)].map((m) => m[1]!.toLowerCase());
    return this.contacts.filter(
      (c) =>
        (c.ContactNumber && numbers.includes(c.ContactNumber.toLowerCase())) ||
        ids.includes(c.ContactID.toLowerCase()),
    );
  }

  lookupItems(where?: string): XeroItemRecord[] {
    this.calls.push(
      where === undefined
        ? { kind: 'items.lookup', method: 'GET', path: '/Items' }
        : { kind: 'items.lookup', method: 'GET', path: '/Items', where },
    );
    const codes = where ? [...where.matchAll(/Code=="([^"]*)"/g)].map((m) => m[1]!.toLowerCase()) : undefined;
    return this.itemCodes
      .filter((c) => !codes || codes.includes(c.toLowerCase()))
      .map((Code) => ({ Code, ItemID: idFor(`item:${Code}`) }));
  }

  /** Answers any call of a plan; records it. */
  answer(call: XeroCall): (XeroContactRecord | XeroItemRecord | XeroInvoiceRecord)[] {
    switch (call.kind) {
      case 'contacts.lookup':
        return this.lookupContacts(call.where);
      case 'items.lookup':
        return this.lookupItems(call.where);
      case 'contacts.create':
        this.calls.push(call);
        return call.contacts.map((c) => {
          const clash = this.contacts.find(
            (x) => x.ContactStatus === 'ACTIVE' && x.Name.toLowerCase() === c.Name.toLowerCase(),
          );
          if (clash) {
            return {
              ...c,
              StatusAttributeString: 'ERROR',
              HasErrors: true,
              ValidationErrors: [
                {
                  Message: `The contact name ${c.Name} is already assigned to another contact. The contact name must be unique across all active contacts.`,
                },
              ],
            };
          }
          const ContactID = this.addContact(c.Name, c.ContactNumber);
          return { ContactID, Name: c.Name, ContactNumber: c.ContactNumber, StatusAttributeString: 'OK' };
        });
      case 'items.create':
        this.calls.push(call);
        return call.items.map((i) => {
          if (this.itemCodes.some((c) => c.toLowerCase() === i.Code.toLowerCase())) {
            return {
              Code: i.Code,
              StatusAttributeString: 'ERROR',
              ValidationErrors: [{ Message: `Price List Item with Code '${i.Code}' already exists` }],
            };
          }
          this.itemCodes.push(i.Code);
          return { Code: i.Code, ItemID: idFor(`item:${i.Code}`), StatusAttributeString: 'OK' };
        });
      case 'invoices.create':
      case 'invoices.update':
        this.calls.push(call);
        return call.invoices.map((inv) => this.writeInvoice(inv, call.kind === 'invoices.create'));
      case 'creditnotes.create':
      case 'creditnotes.update':
        // Credit notes are invoice-shaped in the domain; the fake keeps them with the invoices.
        this.calls.push(call);
        return call.creditNotes.map((inv) => this.writeInvoice(inv, call.kind === 'creditnotes.create'));
    }
  }

  private writeInvoice(inv: XeroInvoicePayload, createOnly: boolean): XeroInvoiceRecord {
    const refuse = (messages: string[]): XeroInvoiceRecord =>
      ({
        ...inv,
        StatusAttributeString: 'ERROR',
        HasErrors: true,
        ValidationErrors: messages.map((Message) => ({ Message })),
      }) as XeroInvoiceRecord;
    const refusal = inv.InvoiceNumber ? this.refusals.get(inv.InvoiceNumber) : undefined;
    if (refusal) return refuse(refusal);
    if (!this.contacts.some((c) => c.ContactID === inv.Contact.ContactID))
      return refuse(['An existing Contact with the specified ContactID could not be found']);
    // Like Xero: PUT never updates, and a sales invoice number is taken once.
    if (createOnly && inv.InvoiceID)
      return refuse([`A Invoice with InvoiceID ${inv.InvoiceID} already exists.`]);
    const number = inv.InvoiceNumber?.toLowerCase();
    const taken =
      inv.Type === 'ACCREC' && number
        ? [...this.invoices.values()].find(
            (x) =>
              x.Type === 'ACCREC' &&
              x.InvoiceNumber?.toLowerCase() === number &&
              x.InvoiceID !== inv.InvoiceID,
          )
        : undefined;
    if (taken) {
      if (createOnly) return refuse(['Invoice # must be unique.']);
      // POST with a number that another sales invoice has updates that invoice (reference/xero-api.md §2).
      inv = { ...inv, InvoiceID: taken.InvoiceID };
    }
    const existing = inv.InvoiceID ? this.invoices.get(inv.InvoiceID) : undefined;
    const InvoiceID = inv.InvoiceID ?? idFor(`invoice:${this.invoices.size}:${JSON.stringify(inv)}`);
    const lines: XeroLineItemRecord[] = inv.LineItems.map((l, i) => {
      const gross = (l.Quantity ?? 0) * (l.UnitAmount ?? 0);
      const lineAmount = money(
        l.DiscountRate ? (gross * (100 - l.DiscountRate)) / 100 : gross - (l.DiscountAmount ?? 0),
      );
      const rate = TAX_RATES[l.TaxType ?? 'OUTPUT2'] ?? 0;
      const tax =
        inv.LineAmountTypes === 'NoTax'
          ? 0
          : inv.LineAmountTypes === 'Inclusive'
            ? money(lineAmount - lineAmount / (1 + rate / 100))
            : money((lineAmount * rate) / 100);
      return {
        ...l,
        LineItemID: l.LineItemID ?? idFor(`line:${InvoiceID}:${i}`),
        LineAmount: lineAmount,
        TaxAmount: l.Quantity === undefined && l.UnitAmount === undefined ? 0 : tax,
      };
    });
    const lineSum = money(lines.reduce((s, l) => s + (l.LineAmount ?? 0), 0));
    const totalTax = money(lines.reduce((s, l) => s + (l.TaxAmount ?? 0), 0));
    const subTotal = inv.LineAmountTypes === 'Inclusive' ? money(lineSum - totalTax) : lineSum;
    const total = money(subTotal + totalTax);
    const record: XeroInvoiceRecord = {
      InvoiceID,
      InvoiceNumber:
        inv.InvoiceNumber ?? existing?.InvoiceNumber ?? `INV-${String(++this.numberSeq).padStart(4, '0')}`,
      Type: inv.Type,
      Status: inv.Status ?? existing?.Status ?? 'DRAFT',
      Contact: { ContactID: inv.Contact.ContactID },
      LineItems: lines,
      LineAmountTypes: inv.LineAmountTypes,
      CurrencyCode: inv.CurrencyCode ?? 'GBP',
      SubTotal: subTotal,
      TotalTax: totalTax,
      Total: total,
      AmountDue: total,
      AmountPaid: 0,
      AmountCredited: 0,
      StatusAttributeString: 'OK',
    };
    this.invoices.set(InvoiceID, record);
    return record;
  }
}
