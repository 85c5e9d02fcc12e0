/**
 * A contact's `Balances` (reference/xero-api.md section 3): outstanding and overdue amounts of its AUTHORISED
 * (approved, not fully paid) ACCREC and ACCPAY invoices, in invoice currency as Xero reports them. Overdue means
 * the due date is before today in the organisation's timezone.
 */
import { round2, sum } from '../domain/money';
import type { InvoiceRecord } from '../domain/records';
import type { CalendarDate } from '../domain/wire-dates';

export interface ContactBalances {
  accountsReceivable: { outstanding: number; overdue: number };
  accountsPayable: { outstanding: number; overdue: number };
}

export function contactBalances(invoices: InvoiceRecord[], today: CalendarDate): ContactBalances {
  const side = (type: 'ACCREC' | 'ACCPAY'): { outstanding: number; overdue: number } => {
    const open = invoices.filter((i) => i.type === type && i.status === 'AUTHORISED' && i.amountDue > 0);
    return {
      outstanding: round2(sum(open.map((i) => i.amountDue))),
      overdue: round2(
        sum(open.filter((i) => i.dueDate !== undefined && i.dueDate < today).map((i) => i.amountDue)),
      ),
    };
  };
  return { accountsReceivable: side('ACCREC'), accountsPayable: side('ACCPAY') };
}
