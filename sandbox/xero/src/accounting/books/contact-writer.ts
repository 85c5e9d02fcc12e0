/**
 * Creating and updating contacts (reference/xero-api.md section 3): Name required and unique among ACTIVE
 * contacts (Xero's verbatim message), ContactNumber up to 50 characters and unique, addresses merged by type.
 */
import {
  ElementValidationFailure,
  NotImplementedByEmulator,
  ResourceNotFound,
} from '../domain/accounting-errors';
import { isGuid, newId } from '../domain/deterministic-id';
import type { ContactRecord, WireObject } from '../domain/records';
import { ElementReader } from '../domain/wire-input';
import type { WriteMode, WriteOutcome } from './document-writer';
import type { OrganisationBooks } from './organisation-books';

export function nameClashMessage(name: string): string {
  // Verbatim from the OAS example (reference/xero-api.md section 3).
  return `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`;
}

const ADDRESS_TYPES = ['POBOX', 'STREET'] as const;
const PHONE_TYPES = ['DEFAULT', 'DDI', 'MOBILE', 'FAX', 'OFFICE'] as const;
const ADDRESS_LIMITS: Record<string, number> = {
  AddressLine1: 500,
  AddressLine2: 500,
  AddressLine3: 500,
  AddressLine4: 500,
  City: 255,
  Region: 255,
  PostalCode: 50,
  Country: 50,
  AttentionTo: 255,
};
const PHONE_LIMITS: Record<string, number> = { PhoneNumber: 50, PhoneAreaCode: 10, PhoneCountryCode: 20 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function locate(
  books: OrganisationBooks,
  reader: ElementReader,
  mode: WriteMode,
  target?: string,
): ContactRecord | undefined {
  if (mode === 'update') {
    const found = target ? books.findContact(target) : undefined;
    if (!found) throw new ResourceNotFound(`Contact ${target ?? ''}`);
    return found;
  }
  const id = reader.string('ContactID');
  if (id !== undefined) {
    const found = isGuid(id) ? books.findContact(id) : undefined;
    if (mode === 'upsert') {
      if (!found)
        throw new ElementValidationFailure([
          'An existing Contact with the specified ContactID could not be found',
        ]); // UNVERIFIED
      return found;
    }
    if (found)
      throw new ElementValidationFailure([
        `A Contact with ContactID ${id} already exists. Use POST to update it.`,
      ]); // UNVERIFIED
  }
  const number = reader.string('ContactNumber');
  if (mode === 'upsert' && number) return books.findContactByNumber(number);
  return undefined;
}

function readParts(
  reader: ElementReader,
  key: string,
  typeKey: string,
  types: readonly string[],
  limits: Record<string, number>,
  errors: string[],
): WireObject[] | undefined {
  const parts = reader.objects(key);
  if (!parts) return undefined;
  return parts.map((part) => {
    const r = new ElementReader(part);
    const clean: WireObject = { [typeKey]: r.oneOf(typeKey, types) ?? types[0] };
    for (const [field, max] of Object.entries(limits)) {
      const value = r.string(field, max);
      if (value !== undefined) clean[field] = value;
    }
    errors.push(...r.errors);
    return clean;
  });
}

/** Xero keeps one address/phone per type: sent ones replace the stored one of the same type. */
function mergeByType(existing: WireObject[], sent: WireObject[] | undefined, typeKey: string): WireObject[] {
  if (!sent) return existing;
  const merged = new Map(existing.map((p) => [String(p[typeKey]), p]));
  for (const part of sent) merged.set(String(part[typeKey]), part);
  return [...merged.values()];
}

export function writeContact(
  books: OrganisationBooks,
  input: WireObject,
  mode: WriteMode,
  target?: string,
): WriteOutcome<ContactRecord> {
  const reader = new ElementReader(input);
  const existing = locate(books, reader, mode, target);
  const errors: string[] = [];
  const name = reader.string('Name', 255)?.trim() ?? existing?.name;
  if (!name) errors.push('Contact Name cannot be empty.'); // xeroizer#380
  const status =
    reader.oneOf('ContactStatus', ['ACTIVE', 'ARCHIVED', 'GDPRREQUEST'] as const) ??
    existing?.contactStatus ??
    'ACTIVE';
  if (status === 'GDPRREQUEST')
    throw new NotImplementedByEmulator('ContactStatus GDPRREQUEST is not supported by the emulator');
  if (name && status === 'ACTIVE') {
    const clash = books.findActiveContactByName(name);
    if (clash && clash.contactId !== existing?.contactId) errors.push(nameClashMessage(name));
  }
  const contactNumber = reader.string('ContactNumber', 50) ?? existing?.contactNumber;
  if (contactNumber) {
    const clash = books.findContactByNumber(contactNumber);
    if (clash && clash.contactId !== existing?.contactId) {
      errors.push(`The contact number ${contactNumber} is already assigned to another contact.`); // UNVERIFIED wording
    }
  }
  const emailAddress = reader.string('EmailAddress', 255) ?? existing?.emailAddress;
  if (emailAddress && !EMAIL.test(emailAddress)) errors.push('Email address must be valid.'); // UNVERIFIED wording (xeroizer#477)
  const addresses = readParts(reader, 'Addresses', 'AddressType', ADDRESS_TYPES, ADDRESS_LIMITS, errors);
  const phones = readParts(reader, 'Phones', 'PhoneType', PHONE_TYPES, PHONE_LIMITS, errors);
  const contactPersons = reader.objects('ContactPersons');
  if (contactPersons && contactPersons.length > 5)
    errors.push('A contact can have at most 5 contact persons.'); // OAS limit
  for (const taxKey of ['AccountsReceivableTaxType', 'AccountsPayableTaxType']) {
    const taxType = reader.string(taxKey);
    if (taxType !== undefined && !books.findTaxRate(taxType)) {
      errors.push(
        `The TaxType code ${taxType} does not exist or cannot be used for this type of transaction.`,
      );
    }
  }
  const fields = {
    accountNumber: reader.string('AccountNumber', 50) ?? existing?.accountNumber,
    firstName: reader.string('FirstName', 255) ?? existing?.firstName,
    lastName: reader.string('LastName', 255) ?? existing?.lastName,
    companyNumber: reader.string('CompanyNumber', 50) ?? existing?.companyNumber,
    taxNumber: reader.string('TaxNumber', 50) ?? existing?.taxNumber,
    bankAccountDetails: reader.string('BankAccountDetails') ?? existing?.bankAccountDetails,
    website: reader.string('Website') ?? existing?.website,
    defaultCurrency: reader.string('DefaultCurrency')?.toUpperCase() ?? existing?.defaultCurrency,
    accountsReceivableTaxType:
      reader.string('AccountsReceivableTaxType') ?? existing?.accountsReceivableTaxType,
    accountsPayableTaxType: reader.string('AccountsPayableTaxType') ?? existing?.accountsPayableTaxType,
  };
  errors.push(...reader.errors);
  if (errors.length || !name) throw new ElementValidationFailure(errors);
  const now = books.now();
  const record = books.store.contacts.put({
    ...fields,
    contactId: existing?.contactId ?? newId(),
    contactNumber,
    contactStatus: status,
    name,
    emailAddress,
    addresses: mergeByType(existing?.addresses ?? [], addresses, 'AddressType'),
    phones: mergeByType(existing?.phones ?? [], phones, 'PhoneType'),
    contactPersons: contactPersons ?? existing?.contactPersons ?? [],
    createdDateUtc: existing?.createdDateUtc ?? now,
    updatedDateUtc: now,
  });
  books.noteChange('CONTACT', existing ? 'UPDATE' : 'CREATE', record.contactId);
  return { record, created: !existing, warnings: [] };
}
