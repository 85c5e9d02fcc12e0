/** The rules that tell the proxy's own writes, seen again through Xero's webhooks, from changes made in Xero. */
import { ECHO_WINDOW_MS, isOwnWrite, isOwnWriteEvent } from './own-write';
import type { OwnWriteRecord } from './own-write';

const WRITTEN = '2026-11-25T09:00:00.120Z';
const synced: OwnWriteRecord = {
  entry: { xeroInvoiceId: 'x-1', status: 'AUTHORISED', xeroUpdatedAt: WRITTEN },
};
const cancelled = (action: NonNullable<OwnWriteRecord['cancellation']>['action']): OwnWriteRecord => ({
  entry: { xeroInvoiceId: 'x-1', status: 'AUTHORISED' },
  cancellation: { action },
});

describe('isOwnWrite (the invoice as read from Xero)', () => {
  test('Xero last updated it at the very instant of the proxy’s write: its own write', () => {
    expect(isOwnWrite(synced, { updatedAt: WRITTEN, status: 'AUTHORISED' })).toBe(true);
    // The same instant written another way.
    expect(isOwnWrite(synced, { updatedAt: '2026-11-25T10:00:00.120+01:00' })).toBe(true);
  });

  test('updated at any other time (a payment, an edit in Xero), or never written by the proxy: news', () => {
    expect(isOwnWrite(synced, { updatedAt: '2026-11-25T09:00:00.121Z', status: 'AUTHORISED' })).toBe(false);
    expect(isOwnWrite(synced, { updatedAt: '2026-11-25T09:05:00.000Z', status: 'PAID' })).toBe(false);
    expect(isOwnWrite(synced, {})).toBe(false);
    expect(isOwnWrite(undefined, { updatedAt: WRITTEN })).toBe(false);
    expect(isOwnWrite({ entry: { xeroInvoiceId: 'x-1' } }, { updatedAt: WRITTEN })).toBe(false);
    expect(
      isOwnWrite({ entry: { xeroInvoiceId: 'x-1', xeroUpdatedAt: 'garbage' } }, { updatedAt: 'garbage' }),
    ).toBe(false);
  });

  test('a cancellation: Xero in the status it left (VOIDED, DELETED, PAID by the credit note) is its echo', () => {
    expect(isOwnWrite(cancelled('Voided'), { status: 'VOIDED', updatedAt: WRITTEN })).toBe(true);
    expect(isOwnWrite(cancelled('Deleted'), { status: 'DELETED' })).toBe(true);
    expect(isOwnWrite(cancelled('CreditNoteAllocated'), { status: 'PAID' })).toBe(true);
    // Any other status is news: the allocation was removed in Xero, or the cancellation changed nothing.
    expect(isOwnWrite(cancelled('CreditNoteAllocated'), { status: 'AUTHORISED' })).toBe(false);
    expect(isOwnWrite(cancelled('Voided'), { status: 'AUTHORISED' })).toBe(false);
    expect(isOwnWrite(cancelled('CreditNoteUnallocated'), { status: 'AUTHORISED' })).toBe(false);
    expect(isOwnWrite(cancelled('Nothing'), { status: 'PAID' })).toBe(false);
    expect(isOwnWrite(cancelled('AlreadyCancelled'), { status: 'VOIDED' })).toBe(false);
  });
});

describe('isOwnWriteEvent (Xero’s event time alone, for batches)', () => {
  const plus = (ms: number) => new Date(Date.parse(WRITTEN) + ms).toISOString().slice(0, -1); // no zone, as Xero

  test(`an event within ${ECHO_WINDOW_MS} ms of the proxy's write, either side, is its echo`, () => {
    expect(isOwnWriteEvent(synced, plus(0))).toBe(true);
    expect(isOwnWriteEvent(synced, plus(ECHO_WINDOW_MS))).toBe(true);
    expect(isOwnWriteEvent(synced, plus(-ECHO_WINDOW_MS))).toBe(true);
    expect(isOwnWriteEvent(synced, `${plus(5)}Z`)).toBe(true);
  });

  test('later or earlier than that, an invoice the proxy never wrote, or an unreadable time: news', () => {
    expect(isOwnWriteEvent(synced, plus(ECHO_WINDOW_MS + 1))).toBe(false);
    expect(isOwnWriteEvent(synced, plus(-ECHO_WINDOW_MS - 1))).toBe(false);
    expect(isOwnWriteEvent(undefined, plus(0))).toBe(false);
    expect(isOwnWriteEvent({ entry: { xeroInvoiceId: 'x-1' } }, plus(0))).toBe(false);
    expect(isOwnWriteEvent(synced, 'yesterday')).toBe(false);
  });

  test('every event of an invoice the proxy voided or deleted is the echo: Xero keeps those read-only', () => {
    expect(isOwnWriteEvent(cancelled('Voided'), plus(3_600_000))).toBe(true);
    expect(isOwnWriteEvent(cancelled('Deleted'), plus(3_600_000))).toBe(true);
    expect(isOwnWriteEvent(cancelled('CreditNoteAllocated'), plus(3_600_000))).toBe(false);
    expect(isOwnWriteEvent(cancelled('Nothing'), plus(0))).toBe(false);
  });
});
