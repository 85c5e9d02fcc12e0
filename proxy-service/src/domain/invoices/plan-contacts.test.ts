import { planContactCreation, planContactLookup, settleContactCreation } from './plan-contacts';
import { customer, invoice, settings, uuid, XERO_CONTACT } from './test-support/batch-fixtures';

describe('B2 — resolving customers to Xero contacts', () => {
  it('uses a Xero contact id the ledger confirms without any lookup, whether or not the request carries it', () => {
    const stored = uuid(XERO_CONTACT, 1);
    const ledger = { [customer(1).id]: stored };
    for (const c of [customer(1, { xeroContactId: stored.toUpperCase() }), customer(1)]) {
      const plan = planContactLookup([invoice(1, { customer: c })], ledger);
      expect(plan.known).toEqual({ [customer(1).id]: stored });
      expect(plan.unknown).toEqual([]);
      expect(plan.lookups).toEqual([]);
    }
  });

  it('checks a contact id the request carries but the ledger does not confirm, in the contact-number lookup', () => {
    const sent = uuid(XERO_CONTACT, 1);
    const ledger = uuid(XERO_CONTACT, 2);
    const fresh = planContactLookup([invoice(1, { customer: customer(1, { xeroContactId: sent }) })]);
    expect(fresh.known).toEqual({});
    expect(fresh.claimed).toEqual({ [customer(1).id]: [sent] });
    expect(fresh.lookups).toEqual([`ContactNumber=="${customer(1).id}" OR ContactID==Guid("${sent}")`]);
    const differing = planContactLookup([invoice(1, { customer: customer(1, { xeroContactId: sent }) })], {
      [customer(1).id]: ledger,
    });
    expect(differing.claimed).toEqual({ [customer(1).id]: [sent, ledger] });
    expect(differing.lookups).toEqual([
      `ContactNumber=="${customer(1).id}" OR ContactID==Guid("${sent}") OR ContactID==Guid("${ledger}")`,
    ]);
  });

  it('prefers the id stored on the customer, when Xero has it, over the contact number', () => {
    const sent = uuid(XERO_CONTACT, 1);
    const lookup = planContactLookup([invoice(1, { customer: customer(1, { xeroContactId: sent }) })]);
    const creation = planContactCreation(
      lookup,
      [
        { ContactID: uuid(XERO_CONTACT, 9), ContactNumber: customer(1).id, ContactStatus: 'ACTIVE' },
        { ContactID: sent, ContactNumber: 'linked by hand', ContactStatus: 'ACTIVE' },
      ],
      settings(),
    );
    const settled = settleContactCreation(creation, []);
    expect(settled.resolved[customer(1).id]).toBe(sent);
    expect(settled.learned).toEqual({ [customer(1).id]: sent });
    expect(settled.notes).toEqual({});
  });

  it('collects every unknown customer of the batch into one ContactNumber lookup, each customer once', () => {
    const invoices = [invoice(1), invoice(2), invoice(3, { customer: customer(1) })];
    const plan = planContactLookup(invoices);
    expect(plan.unknown.map((c) => c.id)).toEqual([customer(1).id, customer(2).id]);
    expect(plan.lookups).toEqual([
      `ContactNumber=="${customer(1).id}" OR ContactNumber=="${customer(2).id}"`,
    ]);
  });

  it('chunks the lookup only past the URL budget: 27 Dataverse ids per call', () => {
    const invoices = Array.from({ length: 50 }, (_, i) => invoice(i + 1));
    const plan = planContactLookup(invoices);
    expect(plan.lookups.map((w) => w.split(' OR ').length)).toEqual([27, 23]);
    for (const where of plan.lookups) expect(encodeURIComponent(where).length).toBeLessThanOrEqual(1900);
  });

  it('a customer found by ContactNumber resolves to that contact and is remembered', () => {
    const lookup = planContactLookup([invoice(1)]);
    const creation = planContactCreation(
      lookup,
      [{ ContactID: uuid(XERO_CONTACT, 1), ContactNumber: customer(1).id, ContactStatus: 'ACTIVE' }],
      settings({ createContacts: false }),
    );
    expect(creation.toCreate).toEqual([]);
    const settled = settleContactCreation(creation, []);
    expect(settled.resolved[customer(1).id]).toBe(uuid(XERO_CONTACT, 1));
    expect(settled.learned).toEqual({ [customer(1).id]: uuid(XERO_CONTACT, 1) });
  });

  it('a missing customer fails with what to do when creating contacts is turned off', () => {
    const c = customer(1, { name: 'A. Datum Corporation' });
    const creation = planContactCreation(
      planContactLookup([invoice(1, { customer: c })]),
      [],
      settings({ createContacts: false }),
    );
    expect(creation.toCreate).toEqual([]);
    expect(creation.failed[c.id]).toEqual({
      code: 'contact_not_found',
      field: 'customer',
      message:
        "Customer A. Datum Corporation does not exist in Xero and creating contacts is turned off. Turn on 'Create new contacts' on the Xero connection or create the contact in Xero with contact number " +
        `${c.id}.`,
    });
  });

  it('a missing account is created with name, contact number, account number, email, phone and billing address', () => {
    const c = customer(1, {
      name: '  Stolen Ltd. ',
      accountNumber: 'ACC-001',
      email: 'accounts@stolen.example',
      phone: '020 3543 2456',
      billingAddress: {
        line1: '54 Maltings Place',
        city: 'London',
        postalCode: 'SE1 3LJ',
        country: 'United Kingdom',
      },
    });
    const creation = planContactCreation(planContactLookup([invoice(1, { customer: c })]), [], settings());
    const address = {
      AddressLine1: '54 Maltings Place',
      City: 'London',
      PostalCode: 'SE1 3LJ',
      Country: 'United Kingdom',
    };
    expect(creation.toCreate).toEqual([
      {
        Name: 'Stolen Ltd.',
        ContactNumber: c.id,
        AccountNumber: 'ACC-001',
        EmailAddress: 'accounts@stolen.example',
        Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: '020 3543 2456' }],
        Addresses: [
          { AddressType: 'POBOX', ...address },
          { AddressType: 'STREET', ...address },
        ],
      },
    ]);
  });

  it('a contact person gets first and last name; an account does not', () => {
    const person = customer(1, { kind: 'contact', name: 'Angel Mob', firstName: 'Angel', lastName: 'Mob' });
    const company = customer(2, { firstName: 'Ignored', lastName: 'Too' });
    const creation = planContactCreation(
      planContactLookup([invoice(1, { customer: person }), invoice(2, { customer: company })]),
      [],
      settings(),
    );
    expect(creation.toCreate[0]).toMatchObject({ FirstName: 'Angel', LastName: 'Mob' });
    expect(creation.toCreate[1]).not.toHaveProperty('FirstName');
  });

  it('two invoices of the same customer create one contact', () => {
    const creation = planContactCreation(
      planContactLookup([invoice(1), invoice(2, { customer: customer(1) })]),
      [],
      settings(),
    );
    expect(creation.toCreate).toHaveLength(1);
  });

  it('an archived Xero contact with the number is explained, not re-created', () => {
    const creation = planContactCreation(
      planContactLookup([invoice(1)]),
      [{ ContactID: uuid(XERO_CONTACT, 1), ContactNumber: customer(1).id, ContactStatus: 'ARCHIVED' }],
      settings(),
    );
    expect(creation.toCreate).toEqual([]);
    expect(creation.failed[customer(1).id]?.code).toBe('contact_archived');
    expect(creation.failed[customer(1).id]?.message).toMatch(/is archived\. Restore the contact in Xero/);
  });

  it("a name clash reported by Xero fails only that customer, with Xero's reason", () => {
    const creation = planContactCreation(planContactLookup([invoice(1), invoice(2)]), [], settings());
    const clash = 'The contact name Customer 1 Ltd is already assigned to another contact.';
    const settled = settleContactCreation(creation, [
      { Name: 'Customer 1 Ltd', StatusAttributeString: 'ERROR', ValidationErrors: [{ Message: clash }] },
      { ContactID: uuid(XERO_CONTACT, 2), ContactNumber: customer(2).id, StatusAttributeString: 'OK' },
    ]);
    expect(settled.failed[customer(1).id]).toMatchObject({ code: 'contact_rejected' });
    expect(settled.failed[customer(1).id]?.message).toContain(clash);
    expect(settled.resolved[customer(2).id]).toBe(uuid(XERO_CONTACT, 2));
    expect(settled.failed[customer(2).id]).toBeUndefined();
  });
});
