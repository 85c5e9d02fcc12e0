/** An emulator's books outlive it in a JSON file: what a restarted sandbox finds is what the last one left. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OrganisationBooks } from '../accounting';
import { startXeroEmulator, type XeroEmulator } from '../emulator';
import { BooksFileError, persistBooks, type PersistedBooks } from './books-file';

let dir: string;
const started: XeroEmulator[] = [];
const files: PersistedBooks[] = [];
/** persistBooks, closed after the test even when it fails half-way. */
const persist = (e: XeroEmulator, file: string) => {
  const kept = persistBooks(e, file);
  files.push(kept);
  return kept;
};
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-books-'));
});
afterEach(async () => {
  for (const kept of files.splice(0)) kept.close();
  await Promise.all(started.splice(0).map((e) => e.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function emulator(): Promise<{ emulator: XeroEmulator; books: OrganisationBooks }> {
  const e = await startXeroEmulator({ port: 0, host: '127.0.0.1' });
  started.push(e);
  return { emulator: e, books: e.books<OrganisationBooks>(e.organisations[0]!.tenantId) };
}

test('invoices, contacts and payments written before a restart are there after it, dates as dates', async () => {
  const file = path.join(dir, 'books.json');
  const first = await emulator();
  const kept = persist(first.emulator, file);
  expect(kept.loaded).toBe(0);
  const contact = first.books.createContact({ name: 'Fabrikam Ltd', contactNumber: 'ACC-1' });
  const invoice = first.books.createInvoice({
    contactId: contact.contactId,
    status: 'AUTHORISED',
    dueDate: '2030-01-31',
    lineItems: [{ description: 'Consulting', quantity: 2, unitAmount: 150, accountCode: '200' }],
  });
  first.books.recordPayment({ invoiceId: invoice.invoiceId, amount: 100 });
  kept.close();

  const second = await emulator();
  const reloaded = persist(second.emulator, file);
  expect(reloaded.loaded).toBeGreaterThanOrEqual(3);
  const back = second.books.findInvoice(invoice.invoiceId)!;
  expect(back).toMatchObject({
    invoiceNumber: invoice.invoiceNumber,
    status: 'AUTHORISED',
    contactId: contact.contactId,
  });
  expect(back.updatedDateUtc).toBeInstanceOf(Date);
  expect(back.updatedDateUtc.getTime()).toBe(
    first.books.findInvoice(invoice.invoiceId)!.updatedDateUtc.getTime(),
  );
  expect(second.books.paymentsOfInvoice(invoice.invoiceId).map((p) => p.amount)).toEqual([100]);
  expect(second.books.findContactByNumber('ACC-1')?.name).toBe('Fabrikam Ltd');
  // The next invoice gets the next free number, not one the restored books already use.
  const next = second.books.createInvoice({
    contactId: contact.contactId,
    dueDate: '2030-01-31',
    lineItems: [{ description: 'More', quantity: 1, unitAmount: 10, accountCode: '200' }],
  });
  expect(next.invoiceNumber).not.toBe(invoice.invoiceNumber);
  reloaded.close();
});

test('a change is on disk without close(), once the write that made it has committed', async () => {
  const file = path.join(dir, 'books.json');
  const { emulator: e, books } = await emulator();
  const kept = persist(e, file);
  const contact = books.createContact({ name: 'Written At Once' });
  await new Promise((resolve) => setImmediate(resolve));
  expect(fs.readFileSync(file, 'utf8')).toContain(contact.contactId);
  kept.close();
});

test('a file that is not ours, or names an organisation the emulator lacks, is refused by name', async () => {
  const { emulator: e } = await emulator();
  const garbage = path.join(dir, 'garbage.json');
  fs.writeFileSync(garbage, '{"hello": 1}');
  expect(() => persistBooks(e, garbage)).toThrow(BooksFileError);
  expect(() => persistBooks(e, garbage)).toThrow(
    /garbage\.json is not a version 1 dxc-xero-emulator-books file/,
  );

  const stranger = path.join(dir, 'stranger.json');
  fs.writeFileSync(
    stranger,
    JSON.stringify({
      format: 'dxc-xero-emulator-books',
      version: 1,
      savedAt: '',
      organisations: { nope: {} },
    }),
  );
  expect(() => persistBooks(e, stranger)).toThrow(/organisation nope, which this emulator does not have/);
});
