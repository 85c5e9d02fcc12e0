/**
 * What the solution's flows cost a customer, BEFORE (bench/flows/baseline, the flows before issue 12) and AFTER
 * (solution/src/Workflows, as they ship): each flow really runs (flow runner, Dataverse emulator, the real proxy
 * over the Xero emulator with Xero's rate limits lifted). Requests are Power Platform requests as the runner counts
 * them for the platform (reference/power-platform.md §9); Xero calls are the Xero emulator's usage counter, so the
 * proxy's own reads (webhook notifications, GetConnection) count too.
 *
 * Each scenario runs in a child process of its own; its peak RSS is the kernel's maxRSS of that process (the
 * emulators, the proxy and the runner together: an upper bound for any one of them). The results become costs per
 * day at each flow's schedule and are checked against issue 12's budgets (cost-model.ts). Prints the tables, writes
 * bench/results/flows-cost.json and exits 1 when an AFTER budget fails or a scenario broke, so it can serve as a
 * check (it is never run by npm test).
 *
 *   npm run bench:flows -w bench                 full size (about 8 minutes on 2 cores)
 *   FLOWS_QUICK=1 npm run bench:flows -w bench   small sizes (about 1.5 minutes)
 * Sizes, comma-separated: FLOWS_SYNC_SIZES (50,500,2000), FLOWS_STATUS_SIZES (100,800,5000), FLOWS_BALANCE_SIZES
 * (100,2000), FLOWS_WEBHOOK_SIZES (1,50; the busy day's batch is added); FLOWS_PAID_SHARE (0.1) of the open invoices
 * paid; FLOWS_BEFORE_STATUS_LIMIT (1000): the old status flow is extrapolated above it (its per-invoice Query over
 * every open row makes one run at 5,000 take over 20 minutes in the runner; its requests grow in a straight line);
 * FLOWS_RESULT: where to write the JSON.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  balancesScenario,
  statusScenario,
  syncScenario,
  syncSteadyScenario,
  webhookScenario,
} from './cost-scenarios';
import type { RunCost } from './cost-scenarios';
import {
  BUDGET,
  RUNS_PER_DAY,
  busyDay,
  busyDayModel,
  checkBudgets,
  idleDay,
  statusPoints,
} from './cost-model';
import type { BusyDay, Cost, Day, Results } from './cost-model';
import type { Version } from './cost-worlds';
import { resultFile } from '../support/result-file';

type ScenarioSpec =
  | { scenario: 'sync'; version: Version; size: number }
  | { scenario: 'sync-steady'; version: Version; size: number }
  | { scenario: 'status'; version: Version; size: number; changeSets: number[] }
  | { scenario: 'balances'; version: Version; size: number }
  | { scenario: 'webhook'; version: Version; groupSizes: number[] };

const VERSIONS: Version[] = ['before', 'after'];
const QUICK = process.env.FLOWS_QUICK === '1';

function sizes(name: string, full: string, quick: string): number[] {
  const text = process.env[name] ?? (QUICK ? quick : full);
  const list = text.split(',').map((s) => Number(s.trim()));
  if (!list.length || list.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`${name} must be positive whole numbers separated by commas, got '${text}'`);
  return list;
}

function plan() {
  const model = busyDayModel();
  const paidShare = Number(process.env.FLOWS_PAID_SHARE ?? 0.1);
  if (!(paidShare > 0 && paidShare < 1))
    throw new Error(`FLOWS_PAID_SHARE must be between 0 and 1, got ${paidShare}`);
  const beforeStatusLimit = Number(process.env.FLOWS_BEFORE_STATUS_LIMIT ?? 1000);
  const sync = sizes('FLOWS_SYNC_SIZES', '50,500,2000', '20,60');
  const status = sizes('FLOWS_STATUS_SIZES', '100,800,5000', '60,120');
  const balances = sizes('FLOWS_BALANCE_SIZES', '100,2000', '50');
  // The busy-day batch follows a single payment, as it does on a busy day: the catch-up re-reads the changes of its
  // watermark's second, and after a group paid in one go that would be the whole group.
  const busyBatch = model.changesPerWebhookRun;
  const webhook = [
    ...new Set(sizes('FLOWS_WEBHOOK_SIZES', '1,50', '1,10').filter((n) => n !== 1 && n !== busyBatch)),
    1,
    busyBatch,
  ];
  const specs: ScenarioSpec[] = [];
  for (const version of VERSIONS) {
    for (const size of sync) specs.push({ scenario: 'sync', version, size });
    specs.push({ scenario: 'sync-steady', version, size: model.invoicesPerSyncRun });
    for (const size of status) {
      if (version === 'before' && size > beforeStatusLimit) continue;
      const paid = Math.max(1, Math.round(size * paidShare));
      const changeSets = size >= paid + 1 + busyBatch ? [paid, 1, busyBatch] : [paid];
      specs.push({ scenario: 'status', version, size, changeSets });
    }
    for (const size of balances) specs.push({ scenario: 'balances', version, size });
    specs.push({ scenario: 'webhook', version, groupSizes: webhook });
  }
  return { model, paidShare, beforeStatusLimit, sizes: { sync, status, balances, webhook }, specs };
}

async function runScenario(spec: ScenarioSpec): Promise<unknown> {
  switch (spec.scenario) {
    case 'sync':
      return syncScenario(spec.version, spec.size);
    case 'sync-steady':
      return syncSteadyScenario(spec.version, spec.size);
    case 'status':
      return statusScenario(spec.version, spec.size, spec.changeSets);
    case 'balances':
      return balancesScenario(spec.version, spec.size);
    case 'webhook':
      return webhookScenario(spec.version, spec.groupSizes);
  }
}

const label = (spec: ScenarioSpec) =>
  `${spec.scenario} ${spec.version}${'size' in spec ? ` ${spec.size}` : ` ${spec.groupSizes.join('/')}`}`;

/** One scenario in a child process: a fresh heap, and its maxRSS is the scenario's alone. */
function inChild(spec: ScenarioSpec): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...process.execArgv, '--max-old-space-size=4096', __filename, '--child', JSON.stringify(spec)],
      { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: '0' } },
      (error, stdout, stderr) => {
        const last = stdout.trim().split('\n').pop() ?? '';
        if (!error && last.startsWith('{')) return resolve(JSON.parse(last) as Record<string, unknown>);
        const why = `${stderr}\n${error?.message ?? ''}`
          .trim()
          .split('\n')
          .filter(Boolean)
          .slice(-4)
          .join(' | ');
        resolve({ ...spec, error: why || 'the child gave no result' });
      },
    );
  });
}

// ----------------------------------------------------------------------------------------------- Tables

type Cell = string | number | undefined | null;
function table(headers: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map((c) => (c === undefined || c === null ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => text.every((r) => !r[i] || /^[-\d.,≤ ]+( MB)?$|^n\/a$/.test(r[i]!)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...text.map(line),
  ].join('\n');
}
const num = (v: number | undefined | null, digits = 0): string | undefined =>
  v === undefined || v === null ? undefined : v.toLocaleString('en-GB', { maximumFractionDigits: digits });

interface MeasurementRow {
  flow: string;
  measurement: string;
  before?: { runs?: number | string; requests?: number; xeroCalls?: number; digits?: number; note?: string };
  after?: { runs?: number | string; requests?: number; xeroCalls?: number; digits?: number; note?: string };
}

const costCell = (c: RunCost | undefined) =>
  c && {
    runs: c.runs,
    requests: c.requests,
    xeroCalls: c.xeroCalls,
    ...(c.failures ? { note: 'FAILED' } : {}),
  };
const minus = (a: Cost, b: Cost): Cost => ({
  requests: a.requests - b.requests,
  xeroCalls: a.xeroCalls - b.xeroCalls,
});
const perCell = (c: Cost | undefined, n: number | undefined, digits = 3) =>
  c && n ? { requests: c.requests / n, xeroCalls: c.xeroCalls / n, digits } : undefined;

type Plan = ReturnType<typeof plan>;

/** The before and after measurements that match, side by side. */
const both = <T>(list: T[], match: (t: T, v: Version) => boolean) => ({
  before: list.find((t) => match(t, 'before')),
  after: list.find((t) => match(t, 'after')),
});

function measurementRows(results: Results, s: Plan): MeasurementRow[] {
  return [
    ...syncRows(results, s),
    ...statusRows(results, s),
    ...balancesRows(results, s),
    ...webhookRows(results, s),
  ];
}

function syncRows(results: Results, s: Plan): MeasurementRow[] {
  const rows: MeasurementRow[] = [];
  for (const size of s.sizes.sync) {
    const r = both(results.sync, (t, v) => t.version === v && t.invoices === size);
    rows.push(
      {
        flow: 'Sync',
        measurement: `first sync of ${num(size)} ready invoices, 2 lines each (every run until none ready)`,
        before: costCell(r.before?.total),
        after: costCell(r.after?.total),
      },
      {
        flow: 'Sync',
        measurement: `  per invoice (${num(size)})`,
        before: perCell(r.before?.total, size),
        after: perCell(r.after?.total, size),
      },
    );
  }
  const firstSync = both(results.sync, (t, v) => t.version === v);
  rows.push(
    {
      flow: 'Sync',
      measurement: 'idle run (nothing ready)',
      before: costCell(firstSync.before?.idleRun),
      after: costCell(firstSync.after?.idleRun),
    },
    {
      flow: 'Sync',
      measurement: "idle run, proxy's organisation cache cold",
      before: costCell(firstSync.before?.idleRunColdCache),
      after: costCell(firstSync.after?.idleRunColdCache),
    },
  );
  const steady = both(results.syncSteady, (t, v) => t.version === v);
  rows.push({
    flow: 'Sync',
    measurement: `run of ${s.model.invoicesPerSyncRun} new invoices of customers already in Xero (busy day)`,
    before: costCell(steady.before?.run),
    after: costCell(steady.after?.run),
  });
  return rows;
}

function statusRows(results: Results, s: Plan): MeasurementRow[] {
  const rows: MeasurementRow[] = [];
  for (const size of s.sizes.status) {
    const [pb, pa] = VERSIONS.map((v) => statusPoints(results, v, [size])[0]);
    const ex = (p: typeof pb) => (p?.extrapolated ? 'extrapolated' : undefined);
    rows.push(
      {
        flow: 'Status',
        measurement: `idle run, ${num(size)} open invoices`,
        before: pb && { runs: 1, ...pb.idle, note: ex(pb) },
        after: pa && { runs: 1, ...pa.idle, note: ex(pa) },
      },
      {
        flow: 'Status',
        measurement: `run after ${num(pa?.paid.changes ?? pb?.paid.changes)} of ${num(size)} were paid in Xero`,
        before: pb && { runs: 1, ...pb.paid, note: ex(pb) },
        after: pa && { runs: 1, ...pa.paid, note: ex(pa) },
      },
      {
        flow: 'Status',
        measurement: '  per paid invoice (the whole run / paid)',
        before: perCell(pb?.paid, pb?.paid.changes),
        after: perCell(pa?.paid, pa?.paid.changes),
      },
      {
        flow: 'Status',
        measurement: '  per paid invoice over an idle run ((run - idle) / paid)',
        before: perCell(pb && minus(pb.paid, pb.idle), pb?.paid.changes),
        after: perCell(pa && minus(pa.paid, pa.idle), pa?.paid.changes),
      },
    );
    const busy = both(results.status, (t, v) => t.version === v && t.openInvoices === size);
    const bulk = busy.after?.changedRuns[0]?.changes ?? busy.before?.changedRuns[0]?.changes;
    rows.push({
      flow: 'Status',
      measurement: `  idle run right after those ${num(bulk)} were paid in one go`,
      before: costCell(busy.before?.idleRunAfterBulkChange),
      after: costCell(busy.after?.idleRunAfterBulkChange),
    });
    const later = Math.max(busy.before?.changedRuns.length ?? 0, busy.after?.changedRuns.length ?? 0);
    for (let i = 1; i < later; i++) {
      const b = busy.before?.changedRuns[i];
      const a = busy.after?.changedRuns[i];
      rows.push({
        flow: 'Status',
        measurement: `run after ${num(a?.changes ?? b?.changes)} more ${(a?.changes ?? b?.changes) === 1 ? 'was' : 'were'} paid (${num(size)} open)`,
        before: costCell(b),
        after: costCell(a),
      });
    }
  }
  return rows;
}

function balancesRows(results: Results, s: Plan): MeasurementRow[] {
  const rows: MeasurementRow[] = [];
  for (const size of s.sizes.balances) {
    const r = both(results.balances, (t, v) => t.version === v && t.customers === size);
    rows.push(
      {
        flow: 'Balances',
        measurement: `an hour with nothing changed, ${num(size)} customers with Xero ids`,
        before: costCell(r.before?.unchangedRun),
        after: r.after && { runs: 'no run', requests: 0, xeroCalls: 0 },
      },
      {
        flow: 'Balances',
        measurement: `full refresh, every balance new (${num(size)})`,
        before: r.before && { ...costCell(r.before.firstRun)!, note: 'hourly run' },
        after: r.after && { ...costCell(r.after.firstRun)!, note: 'on request' },
      },
      {
        flow: 'Balances',
        measurement: `full refresh, nothing changed (${num(size)})`,
        before: r.before && { ...costCell(r.before.unchangedRun)!, note: 'hourly run' },
        after: r.after && { ...costCell(r.after.unchangedRun)!, note: 'on request' },
      },
    );
  }
  return rows;
}

function webhookRows(results: Results, s: Plan): MeasurementRow[] {
  const rows: MeasurementRow[] = [];
  for (const size of s.sizes.webhook) {
    const r = both(results.webhook, (t, v) => t.version === v);
    const group = (w: typeof r.before) => w?.groups.find((g) => g.changes === size);
    rows.push({
      flow: 'Webhook',
      measurement: `${num(size)} invoice(s) paid in Xero at once: every run it started`,
      before: costCell(group(r.before)),
      after: costCell(group(r.after)),
    });
  }
  return rows;
}

function renderMeasurements(rows: MeasurementRow[]): string {
  const side = (c: MeasurementRow['before']): Cell[] =>
    c
      ? [
          c.runs === undefined ? '' : typeof c.runs === 'number' ? num(c.runs) : c.runs,
          num(c.requests, c.digits ?? 0),
          num(c.xeroCalls, c.digits ?? 0),
          c.note,
        ]
      : ['n/a', '', '', ''];
  return table(
    [
      'Flow',
      'Measurement',
      'B runs',
      'B requests',
      'B Xero',
      'B note',
      'A runs',
      'A requests',
      'A Xero',
      'A note',
    ],
    rows.map((r) => [r.flow, r.measurement, ...side(r.before), ...side(r.after)]),
  );
}

function renderDay(day: Day, title: string): string {
  const rows: Cell[][] = day.lines.map((l) => [
    l.flow,
    typeof l.runsPerDay === 'number' ? num(l.runsPerDay) : l.runsPerDay,
    num(l.perRun?.requests, 3),
    num(l.perRun?.xeroCalls, 3),
    num(l.perDay?.requests),
    num(l.perDay?.xeroCalls),
    l.note,
  ]);
  rows.push(['Total', '', '', '', num(day.total?.requests), num(day.total?.xeroCalls), '']);
  return `${title}\n${table(['Flow', 'Runs/day', 'Req/run', 'Xero/run', 'Requests/day', 'Xero calls/day', 'Note'], rows)}`;
}

// ------------------------------------------------------------------------------------------------- Main

async function child(spec: ScenarioSpec): Promise<void> {
  const result = await runScenario(spec);
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`\n${JSON.stringify({ ...(result as object), maxRssMB })}\n`);
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    await child(JSON.parse(process.argv[at + 1]!) as ScenarioSpec);
    // Everything is closed; a stray timer of an emulator must not keep the child alive.
    process.exit(0);
  }
  const started = Date.now();
  const p = plan();
  const raw = await runScenarios(p);
  const summary = summarise(raw, p);
  const rows = measurementRows(summary.results, p);
  const text = modelText(p.model);
  printReport(summary, rows, text, p.model);
  const pass = writeResult({ started, p, raw, summary, rows, text });
  if (!pass) process.exitCode = 1;
}

/** Every scenario, each in a child process of its own (so one's memory and timers never touch the next). */
async function runScenarios(p: Plan): Promise<Record<string, unknown>[]> {
  const raw: Record<string, unknown>[] = [];
  for (const spec of p.specs) {
    const t = Date.now();
    const result = await inChild(spec);
    raw.push(result);
    console.log(
      `${label(spec).padEnd(28)} ${((Date.now() - t) / 1000).toFixed(1).padStart(6)} s${result.error ? `  FAILED: ${String(result.error)}` : ''}`,
    );
  }
  return raw;
}

type Summary = ReturnType<typeof summarise>;

function summarise(raw: Record<string, unknown>[], p: Plan) {
  const ok = raw.filter((r) => !r.error);
  const of = <T>(name: string) => ok.filter((r) => r.scenario === name) as unknown as T[];
  const results: Results = {
    sync: of('sync'),
    syncSteady: of('sync-steady'),
    status: of('status'),
    balances: of('balances'),
    webhook: of('webhook'),
  };

  const { idleDay: wanted } = BUDGET;
  const idle = {
    before: idleDay(results, 'before', wanted.openInvoices, wanted.customers),
    after: idleDay(results, 'after', wanted.openInvoices, wanted.customers),
  };
  const idleBySize = p.sizes.status.flatMap((openInvoices) =>
    p.sizes.balances.map((customers) => ({
      openInvoices,
      customers,
      before: idleDay(results, 'before', openInvoices, customers),
      after: idleDay(results, 'after', openInvoices, customers),
    })),
  );
  const busy: { before: BusyDay; after: BusyDay } = {
    before: busyDay(results, 'before', p.model),
    after: busyDay(results, 'after', p.model),
  };
  const maxSync = Math.max(...p.sizes.sync);
  const maxStatus = Math.max(...p.sizes.status);
  const rssOf = (list: { version: Version; maxRssMB: number }[], version: Version) =>
    list.find((t) => t.version === version)?.maxRssMB ?? null;
  const memory = [
    {
      label: `sync of ${num(maxSync)} invoices`,
      ...Object.fromEntries(
        VERSIONS.map((v) => [
          v,
          rssOf(
            results.sync.filter((t) => t.invoices === maxSync),
            v,
          ),
        ]),
      ),
    },
    {
      label: `status with ${num(maxStatus)} open invoices`,
      ...Object.fromEntries(
        VERSIONS.map((v) => [
          v,
          rssOf(
            results.status.filter((t) => t.openInvoices === maxStatus),
            v,
          ),
        ]),
      ),
    },
  ] as { label: string; before: number | null; after: number | null }[];
  const budgets = checkBudgets(idle, idleBySize, busy, memory);
  const broken = raw.filter((r) => r.error).map((r) => `${r.scenario} ${r.version}: ${String(r.error)}`);
  const runFailures = ok.flatMap((r) =>
    JSON.stringify(r).includes('"failures"') ? [`${r.scenario} ${r.version}: a run did not succeed`] : [],
  );

  return { results, idle, idleBySize, busy, budgets, broken, runFailures, wanted };
}

function modelText(m: Plan['model']): string[] {
  return [
    `Schedules: BEFORE Sync every 5 min (${RUNS_PER_DAY.before.sync}/day), Status every 5 min (${RUNS_PER_DAY.before.status}/day), Balances hourly (${RUNS_PER_DAY.before.balances}/day), webhook one run per invoice event;`,
    `AFTER Sync every 5 min (${RUNS_PER_DAY.after.sync}/day), Status every 30 min (${RUNS_PER_DAY.after.status}/day), Balances on request only, webhook one run per batch.`,
    `Busy day, on top of the idle day: ${num(m.invoices)} invoices created and ${num(m.payments)} paid evenly over ${m.workingHours} working hours:`,
    `${m.syncRuns} sync runs of ~${m.invoicesPerSyncRun} new invoices (customers already in Xero; cost over an idle run, measured directly);`,
    `AFTER: ${m.webhookRuns} webhook runs (one per ${m.webhookBatchIntervalSeconds} s batch interval) of ~${m.changesPerWebhookRun} payments, measured directly,`,
    `plus ${m.statusPollsAfter} status polls in those hours each counted as finding a batch of ${m.changesPerWebhookRun} (over idle; conservative, the webhook has usually written them);`,
    `BEFORE: one webhook run per payment (payments ${((m.workingHours * 3600) / m.payments).toFixed(1)} s apart each reach the proxy in a Xero webhook of their own, so the 1-payment run is the per-event cost),`,
    'and the 5-minute status polls find nothing the webhook has not written (their cost is in the idle day).',
    `Per invoice = busy-day cost / ${num(m.invoices)} invoices (the budget check); per event = / ${num(m.invoices + m.payments)} (sync + payment), shown for comparison.`,
    `BEFORE also pays Xero for GetConnection: the proxy keeps the organisation 15 minutes, so the old flows read it 96 times a day (cold-cache idle run minus warm).`,
  ];
}

function printReport(summary: Summary, rows: MeasurementRow[], modelText: string[], m: Plan['model']): void {
  const { idle, idleBySize, busy, budgets, broken, runFailures, wanted } = summary;
  console.log('\nMeasured runs (B = BEFORE, the flows before issue 12; A = AFTER, as shipped):');
  console.log(renderMeasurements(rows));
  console.log(
    `\n${renderDay(idle.before, `Idle day BEFORE (${wanted.openInvoices} open invoices, ${num(wanted.customers)} customers):`)}`,
  );
  console.log(
    `\n${renderDay(idle.after, `Idle day AFTER (${wanted.openInvoices} open invoices, ${num(wanted.customers)} customers):`)}`,
  );
  console.log('\nIdle day by size:');
  console.log(
    table(
      ['Open invoices', 'Customers', 'BEFORE requests', 'BEFORE Xero', 'AFTER requests', 'AFTER Xero'],
      idleBySize.map((r) => [
        num(r.openInvoices),
        num(r.customers),
        num(r.before.total?.requests),
        num(r.before.total?.xeroCalls),
        num(r.after.total?.requests),
        num(r.after.total?.xeroCalls),
      ]),
    ),
  );
  for (const v of VERSIONS) {
    const b = busy[v];
    console.log(`\n${renderDay(b, `Busy day ${v.toUpperCase()}, on top of the idle day:`)}`);
    console.log(
      `per invoice (/ ${num(m.invoices)}): ${num(b.perInvoice?.requests, 3)} requests, ${num(b.perInvoice?.xeroCalls, 4)} Xero calls;` +
        ` per event (/ ${num(m.invoices + m.payments)}): ${num(b.perEvent?.requests, 3)} requests, ${num(b.perEvent?.xeroCalls, 4)} Xero calls`,
    );
  }
  console.log(`\nModel:\n${modelText.map((l) => `  ${l}`).join('\n')}`);
  console.log(
    '\nBudgets of issue 12 (PASS/FAIL is for AFTER; per invoice = / 10,000 invoices, the stricter reading):',
  );
  console.log(
    table(
      ['Budget', 'Limit', 'BEFORE', 'AFTER', 'AFTER result'],
      budgets.map((b) => [b.budget, b.limit, b.before, b.after, b.pass ? 'PASS' : 'FAIL']),
    ),
  );
  for (const line of [...broken, ...runFailures]) console.log(`PROBLEM: ${line}`);
}

/** Writes the JSON result and says whether every budget of the AFTER flows held. */
function writeResult(o: {
  started: number;
  p: Plan;
  raw: Record<string, unknown>[];
  summary: Summary;
  rows: MeasurementRow[];
  text: string[];
}): boolean {
  const { started, p, raw, rows } = o;
  const { idle, idleBySize, busy, budgets, broken, runFailures } = o.summary;
  const m = p.model;
  const modelText = o.text;
  const out = process.env.FLOWS_RESULT
    ? path.resolve(process.env.FLOWS_RESULT)
    : resultFile('flows-cost.json');
  const pass = budgets.every((b) => b.pass) && !broken.some((b) => b.includes(' after:'));
  fs.writeFileSync(
    out,
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        durationSeconds: Math.round((Date.now() - started) / 1000),
        quick: QUICK,
        sizes: p.sizes,
        paidShare: p.paidShare,
        beforeStatusMeasuredUpTo: p.beforeStatusLimit,
        model: { runsPerDay: RUNS_PER_DAY, busyDay: m, budget: BUDGET, text: modelText },
        measurements: rows,
        idleDay: idle,
        idleDayBySize: idleBySize.map((r) => ({
          openInvoices: r.openInvoices,
          customers: r.customers,
          before: r.before.total,
          after: r.after.total,
        })),
        busyDay: busy,
        budgets,
        problems: [...broken, ...runFailures],
        pass,
        scenarios: raw,
      },
      null,
      2,
    )}\n`,
  );
  console.log(
    `\nwrote ${path.relative(process.cwd(), out)} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return pass;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
