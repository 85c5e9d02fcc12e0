// PCF controls: bundle size (platform React/Fluent excluded: they are externals) and first-render time in Chromium.
// Run after `npm run build -w pcf-controls`:  npx tsx bench/pcf/bundle-and-render.ts [--runs 9]
// Prints a table and writes bench/results/pcf-controls.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, openHarness } from '@dxc/pcf-controls/test-support/browser';
import type { ControlName } from '@dxc/pcf-controls/test-support/harness-server';
import {
  CONTROL_NAMES,
  OUT_CONTROLS,
  startHarnessServer,
} from '@dxc/pcf-controls/test-support/harness-server';
import type { Scenario } from '@dxc/pcf-controls/test-support/scenarios';
import {
  balanceScenario,
  historyScenario,
  invoiceScenario,
  syncCentreScenario,
} from '@dxc/pcf-controls/test-support/scenarios';
import { resultFile } from '../support/result-file';
import { choiceValue } from '@dxc/solution';

/** Budget per control bundle, minified, without the platform libraries. */
const TARGET_BYTES = 60 * 1024;

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive whole number');

const SCENARIOS: Record<ControlName, () => Scenario> = {
  XeroInvoicePanel: () => invoiceScenario({ exportStatus: choiceValue('dxc_exportstatus', 'Failed') }),
  // A long history: 100 rows on the server, one 25-row page rendered (the default page size). The failed count is a
  // Dataverse read after the render, not part of it; this harness has no Dataverse, so the read is refused in-page.
  SyncHistoryTimeline: () => historyScenario(100, { webApi: {} }),
  CustomerBalanceCard: () => balanceScenario(),
  SyncCentre: () => syncCentreScenario(),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface ControlResult {
  control: string;
  bundleBytes: number;
  bundleGzipBytes: number;
  withinTarget: boolean;
  firstRenderMs: { median: number; min: number; max: number; runs: number };
  reRenderMs: { median: number; runs: number };
}

async function main(): Promise<void> {
  const server = await startHarnessServer({ react: 'production' });
  const browser = await launchChromium();
  const results: ControlResult[] = [];
  try {
    for (const control of CONTROL_NAMES) {
      const bundle = readFileSync(join(OUT_CONTROLS, control, 'bundle.js'));
      const scenario = SCENARIOS[control]();
      // First render: a fresh page each run (cold JIT, nothing of the control cached), init → updateView → mount.
      const first: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const harness = await openHarness(browser, server.url, { width: 1200 });
        first.push(await harness.render(scenario));
        if (harness.problems.length) throw new Error(`${control}: ${harness.problems.join('; ')}`);
        await harness.close();
      }
      // Re-render: the same page mounting the control again (warm), as when a form switches records.
      const harness = await openHarness(browser, server.url, { width: 1200 });
      const again: number[] = [];
      for (let run = 0; run < RUNS * 3; run += 1) again.push(await harness.render(scenario));
      await harness.close();
      const gzip = gzipSync(bundle, { level: 9 }).length;
      results.push({
        control: `Dxc.${control}`,
        bundleBytes: bundle.length,
        bundleGzipBytes: gzip,
        withinTarget: bundle.length <= TARGET_BYTES,
        firstRenderMs: {
          median: round(median(first)),
          min: round(Math.min(...first)),
          max: round(Math.max(...first)),
          runs: RUNS,
        },
        reRenderMs: { median: round(median(again)), runs: again.length },
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }

  console.table(
    results.map((r) => ({
      control: r.control,
      'bundle KB': (r.bundleBytes / 1024).toFixed(1),
      'gzip KB': (r.bundleGzipBytes / 1024).toFixed(1),
      'under 60 KB': r.withinTarget ? 'yes' : 'NO',
      'first render ms (median)': r.firstRenderMs.median,
      'min–max': `${r.firstRenderMs.min}–${r.firstRenderMs.max}`,
      're-render ms (median)': r.reRenderMs.median,
    })),
  );
  writeFileSync(
    resultFile('pcf-controls.json'),
    `${JSON.stringify(
      {
        benchmark: 'pcf-controls bundle size and first render',
        measuredAt: new Date().toISOString(),
        environment: {
          node: process.version,
          browser: browser.version(),
          react: '16.14.0 (production UMD, platform library)',
          fluent: '8.121.1 (UMD, platform library)',
          cpus: cpus().length,
          loadAverage: loadavg().map((n) => round(n)),
        },
        method:
          'bundle = out/controls/<Name>/bundle.js from `npm run build -w pcf-controls` (production, minified; React and Fluent are externals). ' +
          'first render = init + updateView + ReactDOM.render in a fresh Chromium page, measured in the page with performance.now(); ' +
          're-render = the same in an already-warm page.',
        targetBytes: TARGET_BYTES,
        results,
      },
      null,
      2,
    )}\n`,
  );
  if (results.some((r) => !r.withinTarget)) {
    console.error(`a bundle exceeds ${TARGET_BYTES} bytes`);
    process.exitCode = 1;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
