/**
 * Memory of the flow runner's run history. A synthetic flow loops N times over a 5,000-element array variable: each
 * iteration reads a row, appends it to that array (which grows), appends to a second array that grows from empty,
 * and composes the growing array (an action whose inputs and outputs are a whole array). Each size runs in its own
 * child process, which reports its peak RSS (process.resourceUsage().maxRSS, kernel-measured), the heap the run
 * history keeps after a full GC, and the size of the history as JSON (runToJson).
 * Prints a table and writes bench/results/flows-runner-memory.json.   Run: npm run -w bench bench:flows-memory
 * Sizes: ITERATIONS=800,5000 (default).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseFlow, runFlow, runToJson } from '@dxc/flow-runner';
import { resultFile } from '../support/result-file';

const ARRAY_SIZE = 5000;

// The same measurement before the history was made linear (commit 6b26f74: a copy of the array per append, kept
// by every record; shared values repeated in the JSON), for comparison in the results file.
const BEFORE_FIX = {
  commit: '6b26f74',
  rows: [
    { iterations: 800, historyHeapMB: 58.9, jsonMB: 193.83, peakRssMB: 572, runSeconds: 0.46 },
    {
      iterations: 5000,
      historyHeapMB: 616.5,
      jsonMB: null,
      jsonError: 'Invalid string length (JSON over V8 string limit)',
      peakRssMB: 3231,
      runSeconds: 2.49,
    },
  ],
};

function syntheticFlow(iterations: number) {
  const definition = {
    $schema:
      'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    triggers: { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } },
    actions: {
      Build_rows: {
        type: 'Select',
        inputs: {
          from: `@range(0, ${ARRAY_SIZE})`,
          select: { id: '@item()', name: "@{concat('Row ', item())}", amount: '@mul(item(), 3)' },
        },
        runAfter: {},
      },
      Initialize_rows: {
        type: 'InitializeVariable',
        inputs: { variables: [{ name: 'Rows', type: 'array', value: "@body('Build_rows')" }] },
        runAfter: { Build_rows: ['Succeeded'] },
      },
      Initialize_done: {
        type: 'InitializeVariable',
        inputs: { variables: [{ name: 'Done', type: 'array', value: [] }] },
        runAfter: { Initialize_rows: ['Succeeded'] },
      },
      For_each_invoice: {
        type: 'Foreach',
        foreach: `@range(0, ${iterations})`,
        runtimeConfiguration: { concurrency: { repetitions: 1 } },
        runAfter: { Initialize_done: ['Succeeded'] },
        actions: {
          Find_row: {
            type: 'Compose',
            inputs: `@variables('Rows')[mod(item(), ${ARRAY_SIZE})]`,
            runAfter: {},
          },
          Remember_row: {
            type: 'AppendToArrayVariable',
            inputs: { name: 'Rows', value: "@outputs('Find_row')" },
            runAfter: { Find_row: ['Succeeded'] },
          },
          Mark_done: {
            type: 'AppendToArrayVariable',
            inputs: { name: 'Done', value: '@item()' },
            runAfter: { Remember_row: ['Succeeded'] },
          },
          Done_so_far: {
            type: 'Compose',
            inputs: "@variables('Done')",
            runAfter: { Mark_done: ['Succeeded'] },
          },
        },
      },
      Summary: {
        type: 'Compose',
        inputs: { rows: "@length(variables('Rows'))", done: "@length(variables('Done'))" },
        runAfter: { For_each_invoice: ['Succeeded'] },
      },
    },
  };
  return parseFlow(JSON.stringify({ properties: { definition } }), `memory-${iterations}`);
}

interface Measurement {
  iterations: number;
  actionExecutions: number;
  requests: number;
  runSeconds: number;
  historyHeapMB: number;
  jsonMB: number | null;
  jsonError?: string;
  peakRssMB: number;
}

async function child(iterations: number): Promise<Measurement> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseHeap = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  const run = await runFlow(syntheticFlow(iterations), { validateSchema: false });
  const runSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 'Succeeded') throw new Error(`run ${run.status}: ${run.error?.message}`);
  gc?.();
  const historyHeapMB = (process.memoryUsage().heapUsed - baseHeap) / 1e6;
  let jsonMB: number | null = null;
  let jsonError: string | undefined;
  try {
    jsonMB = runToJson(run, 0).length / 1e6;
  } catch (e) {
    jsonError = (e as Error).message;
  }
  return {
    iterations,
    actionExecutions: 5 + iterations * 4,
    requests: run.requests,
    runSeconds: Number(runSeconds.toFixed(2)),
    historyHeapMB: Number(historyHeapMB.toFixed(1)),
    jsonMB: jsonMB === null ? null : Number(jsonMB.toFixed(2)),
    ...(jsonError ? { jsonError } : {}),
    peakRssMB: Number((process.resourceUsage().maxRSS / 1024).toFixed(0)),
  };
}

function measureInChild(iterations: number): Measurement | { iterations: number; failed: string } {
  try {
    const out = execFileSync(
      process.execPath,
      [
        ...process.execArgv,
        '--expose-gc',
        '--max-old-space-size=6144',
        __filename,
        '--child',
        String(iterations),
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return JSON.parse(out.trim().split('\n').pop()!) as Measurement;
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? (e as Error).message);
    return { iterations, failed: stderr.trim().split('\n').slice(-3).join(' ') };
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    console.log(JSON.stringify(await child(Number(process.argv[at + 1]))));
    return;
  }
  const sizes = (process.env.ITERATIONS ?? '800,5000').split(',').map(Number);
  const rows = sizes.map(measureInChild);
  console.table(rows);
  const out = resultFile('flows-runner-memory.json');
  fs.writeFileSync(
    out,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), arraySize: ARRAY_SIZE, rows, beforeFix: BEFORE_FIX }, null, 2)}\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
