/**
 * B2: how each invoice's customer becomes a Xero ContactID, in stages so the caller does the I/O between them:
 * 1. `planContactLookup`: an id the ledger holds costs nothing (the ledger only keeps ids Xero showed us). Every
 *    other customer of the batch goes into ONE `where` lookup, chunked only past the URL budget: by ContactNumber
 *    (= Dataverse id) and, when the request carries a Xero contact id the ledger does not confirm, by that id too.
 *    An id from Dynamics 365 is never used unchecked: a wrong one would fail every invoice of the customer.
 * 2. `planContactCreation`: from what the lookup found (the stored id first, then the contact number), the rest are
 *    created in ONE call when the connection creates contacts, otherwise their invoices fail with what to do.
 * 3. `settleContactCreation`: reads Xero's per-element answer; a refused contact (a name clash) fails only the
 *    invoices of that customer, with Xero's reason.
 */
import type { DataverseInvoice, InvoiceCustomer, SyncError, SyncSettings } from '@dxc/openapi';
import { syncProblem } from './sync-problem';
import { chunkOrClauses, equalsClause, guidClause } from './where-clause';
import type { XeroAddress, XeroContactPayload, XeroContactRecord } from './xero-payloads';

export interface ContactLookupPlan {
  /** Dataverse customer id → Xero ContactID the ledger confirms (no call). */
  known: Record<string, string>;
  /** Customers to look up, each once, in order of first appearance. */
  unknown: InvoiceCustomer[];
  /**
   * Dataverse customer id → Xero contact ids stored for it but not confirmed by the ledger, to be checked by the
   * lookup: the request's first, then the ledger's when the two differ.
   */
  claimed: Record<string, string[]>;
  /** `where` values for GET /Contacts (with includeArchived=true so an archived match can be explained). */
  lookups: string[];
}

export interface ContactCreationPlan {
  resolved: Record<string, string>;
  failed: Record<string, SyncError>;
  /** Customers the lookup found, by a stored id or by ContactNumber (id → ContactID). */
  found: Record<string, string>;
  /** Customers to create, in the order of `toCreate`. */
  creating: InvoiceCustomer[];
  toCreate: XeroContactPayload[];
  /** Dataverse customer id → a stored Xero contact id Xero does not have (said in the invoices' messages). */
  stale: Record<string, string>;
  /** Dataverse customer id → how a customer with a stale id was found instead. */
  notes: Record<string, string>;
}

export interface ContactResolution {
  /** Dataverse customer id → Xero ContactID, for every customer that has one now. */
  resolved: Record<string, string>;
  /** Dataverse customer id → why its invoices cannot be sent. */
  failed: Record<string, SyncError>;
  /** The subset of `resolved` that this batch created or found by lookup (worth remembering in the store). */
  learned: Record<string, string>;
  /** Dataverse customer id → what the user should know about how the customer was resolved. */
  notes: Record<string, string>;
}

const key = (id: string): string => id.toLowerCase();

export function planContactLookup(
  invoices: readonly DataverseInvoice[],
  knownContacts: Readonly<Record<string, string>> = {},
): ContactLookupPlan {
  const known: Record<string, string> = {};
  const claimed: Record<string, string[]> = {};
  const unknown = new Map<string, InvoiceCustomer>();
  for (const { customer } of invoices) {
    const id = key(customer.id);
    if (known[id] || unknown.has(id)) continue;
    const ledger = knownContacts[customer.id] ?? knownContacts[id];
    const sent = customer.xeroContactId;
    if (ledger && (!sent || key(sent) === key(ledger))) {
      known[id] = ledger;
      continue;
    }
    unknown.set(id, customer);
    const ids = [sent, ledger].filter((x): x is string => !!x);
    if (ids.length) claimed[id] = ids;
  }
  const customers = [...unknown.values()];
  const clauses = customers.flatMap((c) => [
    equalsClause('ContactNumber', c.id),
    ...(claimed[key(c.id)] ?? []).map((x) => guidClause('ContactID', x)).filter((x): x is string => !!x),
  ]);
  return { known, unknown: customers, claimed, lookups: chunkOrClauses(clauses) };
}

function notInXeroMessage(customer: InvoiceCustomer): string {
  return (
    `Customer ${customer.name} does not exist in Xero and creating contacts is turned off. Turn on ` +
    `'Create new contacts' on the Xero connection or create the contact in Xero with contact number ${customer.id}.`
  );
}

function billingAddresses(customer: InvoiceCustomer): XeroAddress[] | undefined {
  const a = customer.billingAddress;
  if (!a || !Object.values(a).some((v) => typeof v === 'string' && v.trim() !== '')) return undefined;
  const fields = {
    AddressLine1: a.line1,
    AddressLine2: a.line2,
    AddressLine3: a.line3,
    City: a.city,
    Region: a.region,
    PostalCode: a.postalCode,
    Country: a.country,
  };
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== ''));
  // POBOX is the postal address Xero prints on invoices; STREET is the physical one. Dataverse has one billing
  // address, so both carry it.
  return [
    { AddressType: 'POBOX', ...present },
    { AddressType: 'STREET', ...present },
  ];
}

/** The Xero contact we create for a Dataverse account or contact (one-time copy, as the seed product does). */
export function contactPayloadFor(customer: InvoiceCustomer): XeroContactPayload {
  const payload: XeroContactPayload = { Name: customer.name.trim(), ContactNumber: customer.id };
  if (customer.accountNumber) payload.AccountNumber = customer.accountNumber;
  if (customer.email) payload.EmailAddress = customer.email;
  if (customer.kind === 'contact') {
    if (customer.firstName) payload.FirstName = customer.firstName;
    if (customer.lastName) payload.LastName = customer.lastName;
  }
  if (customer.phone) payload.Phones = [{ PhoneType: 'DEFAULT', PhoneNumber: customer.phone }];
  const addresses = billingAddresses(customer);
  if (addresses) payload.Addresses = addresses;
  return payload;
}

const isActive = (c: XeroContactRecord): boolean =>
  c.ContactStatus === undefined || c.ContactStatus === 'ACTIVE';

function staleIdNote(customer: InvoiceCustomer, staleId: string, instead: string): string {
  return `The Xero contact id ${staleId} stored for customer ${customer.name} is not a contact in this Xero organisation; ${instead}`;
}

export function planContactCreation(
  lookup: ContactLookupPlan,
  found: readonly XeroContactRecord[],
  settings: Pick<SyncSettings, 'createContacts'>,
): ContactCreationPlan {
  const byNumber = new Map<string, XeroContactRecord>();
  const byId = new Map<string, XeroContactRecord>();
  for (const contact of found) {
    if (contact.ContactID) byId.set(key(contact.ContactID), contact);
    if (contact.ContactNumber && contact.ContactID) {
      const existing = byNumber.get(key(contact.ContactNumber));
      // Prefer an active contact when an archived one carries the same number.
      if (!existing || existing.ContactStatus !== 'ACTIVE') byNumber.set(key(contact.ContactNumber), contact);
    }
  }
  const plan: ContactCreationPlan = {
    resolved: { ...lookup.known },
    failed: {},
    found: {},
    creating: [],
    toCreate: [],
    stale: {},
    notes: {},
  };
  for (const customer of lookup.unknown) {
    const id = key(customer.id);
    const claimed = lookup.claimed[id] ?? [];
    // The id stored on the customer wins over its contact number: a user may have linked it to a contact
    // created in Xero by hand.
    const candidates = [...claimed.map((x) => byId.get(key(x))), byNumber.get(id)].filter(
      (c): c is XeroContactRecord => !!c,
    );
    // Worth telling only when the id the user sees on the customer (the first one) was not used.
    const stale = claimed[0] !== undefined && !byId.has(key(claimed[0])) ? claimed[0] : undefined;
    if (stale) plan.stale[id] = stale;
    const match = candidates.find(isActive);
    const archived = candidates[0];
    if (match) {
      plan.resolved[id] = match.ContactID!;
      plan.found[id] = match.ContactID!;
      if (stale)
        plan.notes[id] = staleIdNote(
          customer,
          stale,
          `the invoice went to Xero contact ${match.ContactID} instead.`,
        );
    } else if (archived) {
      plan.failed[id] = syncProblem(
        'contact_archived',
        `Customer ${customer.name} exists in Xero (contact ${archived.ContactNumber ? `number ${archived.ContactNumber}` : archived.ContactID}) but is ${String(archived.ContactStatus).toLowerCase()}. ` +
          'Restore the contact in Xero, then retry the invoice.',
        'customer',
      );
    } else if (settings.createContacts) {
      plan.creating.push(customer);
      plan.toCreate.push(contactPayloadFor(customer));
    } else {
      const message = notInXeroMessage(customer);
      plan.failed[id] = syncProblem(
        'contact_not_found',
        stale ? staleIdNote(customer, stale, message) : message,
        'customer',
      );
    }
  }
  return plan;
}

function refusalReason(element: XeroContactRecord | undefined): string {
  const messages = (element?.ValidationErrors ?? []).map((e) => e.Message).filter(Boolean);
  return messages.length ? messages.join(' ') : 'Xero did not return the new contact.';
}

export function settleContactCreation(
  creation: ContactCreationPlan,
  created: readonly XeroContactRecord[],
): ContactResolution {
  const resolved = { ...creation.resolved };
  const failed = { ...creation.failed };
  const learned: Record<string, string> = { ...creation.found };
  const notes: Record<string, string> = { ...creation.notes };
  // Elements come back in the order sent; the ContactNumber confirms the match when Xero echoes it.
  creation.creating.forEach((customer, index) => {
    const id = key(customer.id);
    const byNumber = created.find((c) => c.ContactNumber && key(c.ContactNumber) === id);
    const element = byNumber ?? created[index];
    const ok =
      element?.ContactID &&
      element.StatusAttributeString !== 'ERROR' &&
      !element.HasErrors &&
      !(element.ValidationErrors?.length ?? 0);
    if (ok) {
      resolved[id] = element.ContactID!;
      learned[id] = element.ContactID!;
      const stale = creation.stale[id];
      if (stale)
        notes[id] = staleIdNote(
          customer,
          stale,
          `a new contact ${element.ContactID} was created for it instead.`,
        );
    } else {
      failed[id] = syncProblem(
        'contact_rejected',
        `Xero could not create customer ${customer.name}: ${refusalReason(element)} ` +
          `Rename the customer in Dynamics 365, or give the existing Xero contact the contact number ${customer.id} ` +
          'if it is the same customer, then retry.',
        'customer',
      );
    }
  });
  return { resolved, failed, learned, notes };
}
