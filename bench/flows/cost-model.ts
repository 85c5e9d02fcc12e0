/**
 * From measured runs to what a customer pays per day: each flow's schedule (BEFORE: Sync and Status every 5
 * minutes, Balances hourly, the webhook once per invoice event; AFTER: Sync every 5 minutes, Status every 30, the
 * Balances refresh only on request, the webhook once per batch), an idle day, the busy day of issue 12 and the
 * budgets it sets. Pure functions over the scenario results; no measurement here.
 */
import type {
  BalancesResult,
  RunCost,
  StatusResult,
  SyncResult,
  SyncSteadyResult,
  WebhookResult,
} from './cost-scenarios';
import type { Version } from './cost-worlds';

export const RUNS_PER_DAY = {
  before: { sync: 288, status: 288, balances: 24 },
  after: { sync: 288, status: 48, balances: 0 },
} as const;
/** The proxy keeps the organisation GetConnection read for 15 minutes: the old scheduled flows refresh it 96 times a day. */
const ORGANISATION_READS_PER_DAY = 96;

export const BUDGET = {
  idleDay: { openInvoices: 800, customers: 2000, requests: 1500, xeroCalls: 300 },
  busyDay: { invoices: 10_000, payments: 10_000, requestsPerInvoice: 0.5, xeroCallsPerInvoice: 0.05 },
  peakRssMB: 1536,
} as const;

export interface BusyDayModel {
  invoices: number;
  payments: number;
  workingHours: number;
  syncIntervalMinutes: number;
  webhookBatchIntervalSeconds: number;
  syncRuns: number;
  invoicesPerSyncRun: number;
  webhookRuns: number;
  changesPerWebhookRun: number;
  statusPollsBefore: number;
  statusPollsAfter: number;
}

/** Invoices created and paid evenly over the working day: one sync run every 5 min, one webhook run per batch interval. */
export function busyDayModel(): BusyDayModel {
  const { invoices, payments } = BUDGET.busyDay;
  const workingHours = 8;
  const syncIntervalMinutes = 5;
  const webhookBatchIntervalSeconds = Number(process.env.WEBHOOK_BATCH_INTERVAL_SECONDS ?? 300);
  const syncRuns = (workingHours * 60) / syncIntervalMinutes;
  const webhookRuns = (workingHours * 3600) / webhookBatchIntervalSeconds;
  return {
    invoices,
    payments,
    workingHours,
    syncIntervalMinutes,
    webhookBatchIntervalSeconds,
    syncRuns,
    invoicesPerSyncRun: Math.round(invoices / syncRuns),
    webhookRuns,
    changesPerWebhookRun: Math.round(payments / webhookRuns),
    statusPollsBefore: (workingHours * 60) / 5,
    statusPollsAfter: (workingHours * 60) / 30,
  };
}

/** A scenario's result with the peak RSS of the child process that ran it (kernel maxRSS). */
export type Measured<T> = T & { maxRssMB: number };

export interface Results {
  sync: Measured<SyncResult>[];
  syncSteady: Measured<SyncSteadyResult>[];
  status: Measured<StatusResult>[];
  balances: Measured<BalancesResult>[];
  webhook: Measured<WebhookResult>[];
}

export interface Cost {
  requests: number;
  xeroCalls: number;
}

/** A status scenario as measured, or extrapolated in a straight line from the two largest measured sizes. */
export interface StatusPoint {
  openInvoices: number;
  idle: Cost;
  /** The run after a share of the open invoices was paid. */
  paid: Cost & { changes: number };
  extrapolated: boolean;
  peakRssMB: number | null;
}

const pick = (c: RunCost | undefined): Cost | undefined =>
  c ? { requests: c.requests, xeroCalls: c.xeroCalls } : undefined;

export function statusPoints(
  results: Results,
  version: Version,
  sizes: number[],
): (StatusPoint | undefined)[] {
  const measured = results.status
    .filter((s) => s.version === version)
    .sort((a, b) => a.openInvoices - b.openInvoices)
    .map((s): StatusPoint => ({
      openInvoices: s.openInvoices,
      idle: pick(s.idleRun)!,
      paid: { ...pick(s.changedRuns[0])!, changes: s.changedRuns[0]?.changes ?? 0 },
      extrapolated: false,
      peakRssMB: s.maxRssMB ?? null,
    }));
  return sizes.map((size) => {
    const found = measured.find((m) => m.openInvoices === size);
    if (found || measured.length < 2) return found;
    const [a, b] = measured.slice(-2) as [StatusPoint, StatusPoint];
    const at = (ya: number, yb: number) =>
      Math.round(ya + ((yb - ya) * (size - a.openInvoices)) / (b.openInvoices - a.openInvoices));
    return {
      openInvoices: size,
      idle: {
        requests: at(a.idle.requests, b.idle.requests),
        xeroCalls: at(a.idle.xeroCalls, b.idle.xeroCalls),
      },
      paid: {
        requests: at(a.paid.requests, b.paid.requests),
        xeroCalls: at(a.paid.xeroCalls, b.paid.xeroCalls),
        changes: at(a.paid.changes, b.paid.changes),
      },
      extrapolated: true,
      peakRssMB: null,
    };
  });
}

/** The measured size nearest to the one wanted (quick runs measure smaller worlds). */
function nearest<T>(items: T[], size: (t: T) => number, wanted: number): T | undefined {
  return [...items].sort((a, b) => Math.abs(size(a) - wanted) - Math.abs(size(b) - wanted))[0];
}

export interface DayLine {
  flow: string;
  runsPerDay: number | string;
  perRun: Cost | undefined;
  perDay: Cost | undefined;
  note?: string;
}

export interface Day {
  version: Version;
  lines: DayLine[];
  total: Cost | undefined;
}

const times = (n: number, c: Cost | undefined): Cost | undefined =>
  c ? { requests: n * c.requests, xeroCalls: n * c.xeroCalls } : undefined;
const minus = (a: Cost | undefined, b: Cost | undefined): Cost | undefined =>
  a && b ? { requests: a.requests - b.requests, xeroCalls: a.xeroCalls - b.xeroCalls } : undefined;
function total(lines: DayLine[]): Cost | undefined {
  if (lines.some((l) => !l.perDay)) return undefined;
  return lines.reduce(
    (t, l) => ({ requests: t.requests + l.perDay!.requests, xeroCalls: t.xeroCalls + l.perDay!.xeroCalls }),
    { requests: 0, xeroCalls: 0 },
  );
}
const round = (v: number, digits = 3) => Number(v.toFixed(digits));

/** The sync run with nothing ready, and (BEFORE) what a GetConnection that reads Xero adds to it. */
function syncIdle(results: Results, version: Version) {
  const s = results.sync.filter((r) => r.version === version);
  const idle = pick(s[0]?.idleRun);
  const cold = pick(s[0]?.idleRunColdCache);
  return { idle, organisationRead: minus(cold, idle) };
}

/** An idle day: every schedule runs and finds nothing to do. */
export function idleDay(results: Results, version: Version, openInvoices: number, customers: number): Day {
  const runs = RUNS_PER_DAY[version];
  const { idle, organisationRead } = syncIdle(results, version);
  const status = statusPoints(results, version, [openInvoices])[0];
  const balances = nearest(
    results.balances.filter((b) => b.version === version),
    (b) => b.customers,
    customers,
  );
  const lines: DayLine[] = [
    { flow: 'Sync invoices', runsPerDay: runs.sync, perRun: idle, perDay: times(runs.sync, idle) },
    {
      flow: `Invoice status (${openInvoices} open)`,
      runsPerDay: runs.status,
      perRun: status?.idle,
      perDay: times(runs.status, status?.idle),
      ...(status?.extrapolated ? { note: 'extrapolated' } : {}),
    },
    version === 'before'
      ? {
          flow: `Customer balances (${balances?.customers.toLocaleString('en-GB') ?? '?'} customers)`,
          runsPerDay: runs.balances,
          perRun: pick(balances?.unchangedRun),
          perDay: times(runs.balances, pick(balances?.unchangedRun)),
        }
      : {
          flow: 'Customer balances',
          runsPerDay: 'on request',
          perRun: { requests: 0, xeroCalls: 0 },
          perDay: { requests: 0, xeroCalls: 0 },
        },
    {
      flow: 'When invoices change (webhook)',
      runsPerDay: 'per change',
      perRun: { requests: 0, xeroCalls: 0 },
      perDay: { requests: 0, xeroCalls: 0 },
    },
  ];
  if (version === 'before')
    lines.push({
      flow: 'GetConnection organisation reads (15-min cache)',
      runsPerDay: ORGANISATION_READS_PER_DAY,
      perRun: organisationRead && { requests: 0, xeroCalls: organisationRead.xeroCalls },
      perDay: organisationRead && {
        requests: 0,
        xeroCalls: ORGANISATION_READS_PER_DAY * organisationRead.xeroCalls,
      },
    });
  return { version, lines, total: total(lines) };
}

export interface BusyDay extends Day {
  perInvoice: Cost | undefined;
  perEvent: Cost | undefined;
}

/** What the busy day adds to an idle one (the model of busyDayModel, per-run costs measured at its sizes). */
export function busyDay(results: Results, version: Version, model: BusyDayModel): BusyDay {
  const { idle } = syncIdle(results, version);
  const steady = results.syncSteady.find((r) => r.version === version);
  const syncRun = pick(steady?.run);
  const webhook = results.webhook.find((w) => w.version === version);
  const status = nearest(
    results.status.filter((s) => s.version === version && s.changedRuns.length > 1),
    (s) => s.openInvoices,
    BUDGET.idleDay.openInvoices,
  );
  const lines: DayLine[] = [
    {
      flow: `Sync invoices: runs of ${steady?.run.invoicesSent ?? '?'} new invoices (known customers), over idle`,
      runsPerDay: model.syncRuns,
      perRun: minus(syncRun, idle),
      perDay: times(model.syncRuns, minus(syncRun, idle)),
    },
  ];
  if (version === 'after') {
    // The last group of that size: it follows a single payment, as batches do on a busy day.
    const batch = webhook?.groups.filter((g) => g.changes === model.changesPerWebhookRun).at(-1);
    const poll = status?.changedRuns.filter((g) => g.changes === model.changesPerWebhookRun).at(-1);
    lines.push(
      {
        flow: `When invoices change: one run per ${model.webhookBatchIntervalSeconds} s batch of ${batch?.changes ?? '?'} payments`,
        runsPerDay: model.webhookRuns,
        perRun: pick(batch),
        perDay: times(model.webhookRuns, pick(batch)),
        ...(batch && batch.runs !== 1 ? { note: `${batch.runs} runs for one batch` } : {}),
      },
      {
        // The webhook runs share the poll's watermark: a poll after them reads only what they left (nothing), so it
        // costs what an idle run costs, already in the idle day. The poll's cost with a batch of its own is in the
        // per-run table (status after k paid), for a day without the webhook flow.
        flow: `Invoice status polls in working hours, after the webhook runs caught up (over idle)`,
        runsPerDay: model.statusPollsAfter,
        perRun: { requests: 0, xeroCalls: 0 },
        perDay: { requests: 0, xeroCalls: 0 },
        note: `the webhook run moved the shared watermark; a poll finding a batch of ${poll?.changes ?? '?'} itself costs ${pick(poll)?.requests ?? '?'} requests`,
      },
    );
  } else {
    // Payments 2.9 s apart reach the proxy one Xero webhook each: one run, and one proxy read of Xero, per event.
    const single = webhook?.groups.find((g) => g.changes === 1);
    const perEvent = single && {
      requests: single.requests / single.changes,
      xeroCalls: single.xeroCalls / single.changes,
    };
    lines.push({
      flow: 'When an invoice changes: one run per payment event',
      runsPerDay: model.payments,
      perRun: perEvent,
      perDay: times(model.payments, perEvent),
      ...(single && single.runs !== 1 ? { note: `${single.runs} runs per payment` } : {}),
    });
    lines.push({
      flow: 'Invoice status polls in working hours',
      runsPerDay: model.statusPollsBefore,
      perRun: { requests: 0, xeroCalls: 0 },
      perDay: { requests: 0, xeroCalls: 0 },
      note: 'the webhook wrote each payment within seconds: nothing more than the idle day',
    });
  }
  const sum = total(lines);
  return {
    version,
    lines,
    total: sum,
    perInvoice: sum && {
      requests: round(sum.requests / model.invoices),
      xeroCalls: round(sum.xeroCalls / model.invoices, 4),
    },
    perEvent: sum && {
      requests: round(sum.requests / (model.invoices + model.payments)),
      xeroCalls: round(sum.xeroCalls / (model.invoices + model.payments), 4),
    },
  };
}

export interface BudgetCheck {
  budget: string;
  limit: string;
  before: string;
  after: string;
  pass: boolean;
}

export function checkBudgets(
  idle: { before: Day; after: Day },
  idleBySize: { openInvoices: number; customers: number; before: Day; after: Day }[],
  busy: { before: BusyDay; after: BusyDay },
  memory: { label: string; before: number | null; after: number | null }[],
): BudgetCheck[] {
  const fmt = (v: number | undefined | null, digits = 0) =>
    v === undefined || v === null ? 'n/a' : v.toLocaleString('en-GB', { maximumFractionDigits: digits });
  const { idleDay: i, busyDay: b } = BUDGET;
  const range = (values: number[]) => {
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    return lo === hi ? fmt(lo) : `${fmt(lo)}–${fmt(hi)}`;
  };
  const spread = (totals: (Cost | undefined)[]) =>
    totals.some((t) => !t)
      ? 'n/a'
      : `${range(totals.map((t) => t!.requests))} req / ${range(totals.map((t) => t!.xeroCalls))} Xero`;
  const afterIdle = idle.after.total;
  const sizesAgree = idleBySize.every(
    (s) =>
      s.after.total &&
      afterIdle &&
      s.after.total.requests === afterIdle.requests &&
      s.after.total.xeroCalls === afterIdle.xeroCalls,
  );
  const checks: BudgetCheck[] = [
    {
      budget: `Idle day (${i.openInvoices} open invoices, ${i.customers.toLocaleString('en-GB')} customers): requests`,
      limit: `≤ ${i.requests.toLocaleString('en-GB')}`,
      before: fmt(idle.before.total?.requests),
      after: fmt(afterIdle?.requests),
      pass: !!afterIdle && afterIdle.requests <= i.requests,
    },
    {
      budget: 'Idle day: Xero calls',
      limit: `≤ ${i.xeroCalls}`,
      before: fmt(idle.before.total?.xeroCalls),
      after: fmt(afterIdle?.xeroCalls),
      pass: !!afterIdle && afterIdle.xeroCalls <= i.xeroCalls,
    },
    {
      budget: `Idle day independent of size (${idleBySize.length} sizes: ${range(idleBySize.map((s) => s.openInvoices))} open invoices, ${range(idleBySize.map((s) => s.customers))} customers)`,
      limit: 'same at every size',
      before: spread(idleBySize.map((s) => s.before.total)),
      after: spread(idleBySize.map((s) => s.after.total)),
      pass: sizesAgree,
    },
    {
      budget: `Busy day (${b.invoices.toLocaleString('en-GB')} synced + ${b.payments.toLocaleString('en-GB')} paid): requests per invoice`,
      limit: `≤ ${b.requestsPerInvoice}`,
      before: `${fmt(busy.before.perInvoice?.requests, 3)} (per event ${fmt(busy.before.perEvent?.requests, 3)})`,
      after: `${fmt(busy.after.perInvoice?.requests, 3)} (per event ${fmt(busy.after.perEvent?.requests, 3)})`,
      pass: !!busy.after.perInvoice && busy.after.perInvoice.requests <= b.requestsPerInvoice,
    },
    {
      budget: 'Busy day: Xero calls per invoice',
      limit: `≤ ${b.xeroCallsPerInvoice}`,
      before: `${fmt(busy.before.perInvoice?.xeroCalls, 4)} (per event ${fmt(busy.before.perEvent?.xeroCalls, 4)})`,
      after: `${fmt(busy.after.perInvoice?.xeroCalls, 4)} (per event ${fmt(busy.after.perEvent?.xeroCalls, 4)})`,
      pass: !!busy.after.perInvoice && busy.after.perInvoice.xeroCalls <= b.xeroCallsPerInvoice,
    },
  ];
  for (const m of memory)
    checks.push({
      budget: `Peak RSS, ${m.label}`,
      limit: `≤ ${BUDGET.peakRssMB.toLocaleString('en-GB')} MB`,
      before: m.before === null ? 'not run' : `${fmt(m.before)} MB`,
      after: m.after === null ? 'n/a' : `${fmt(m.after)} MB`,
      pass: m.after !== null && m.after <= BUDGET.peakRssMB,
    });
  return checks;
}
