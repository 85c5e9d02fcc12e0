import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { VirtualClock } from './engine/clock';
import { FlowLoadError, loadFlowFile, type LoadedFlow } from './engine/definition';
import { fakeConnector, type FakeAnswer } from './engine/fake-connector';
import { renderRunText, runToJson, type RunResult } from './engine/run-history';
import { checkFlow, FlowConfigurationError, runFlow, type RunOptions } from './engine/runner';
import { ianaZone } from './expressions/timestamp';
import { RecurrenceError } from './engine/recurrence';
import { describeTrigger, firstOccurrence } from './engine/triggers';
import { startProxyWebhookTrigger } from './sandboxes/proxy-webhook-trigger';
import {
  checkRunConfiguration,
  sandboxConnector,
  sandboxRunConfiguration,
  type SandboxConnection,
} from './sandboxes/sandbox-connector';

/**
 * Command line of the flow runner (`npm run flows -- run <flow name>` from the repository root):
 *   run <flow> [--dataverse url] [--proxy url] [--api-key key] [--config run-config.json] [--trigger json|@file] …
 *   watch <flow> --dataverse url --proxy url --api-key key [--config …]   (webhook trigger of the custom connector)
 *   check <flow> [--flows-dir dir]
 *   trigger <flow> [--config run-config.json] [--flows-dir dir]
 * `<flow>` is a path to a Workflows/*.json file, or a flow's file name or display name (its start) in --flows-dir
 * (default: the solution's solution/src/Workflows).
 */
export interface RunConfigFile {
  environmentVariables?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  connectionReferences?: Record<string, { connectionId: string }>;
  /**
   * Connections behind the solution's connection references, by logical name, for running against real services
   * (sandboxes): `{ "dxc_DataverseConnection": { "dataverseUrl": … }, "dxc_DataverseWebApiConnection":
   * { "dataverseUrl": … }, "dxc_XeroProxyConnection": { "apiKey": … } }` (`--dataverse` fills both Dataverse ones).
   * Without connections, connector calls are answered from `answers`.
   */
  connections?: Record<string, SandboxConnection>;
  /** Rows per Dataverse page (default 5,000). */
  dataversePageSize?: number;
  trigger?: RunOptions['trigger'];
  /** Start time of the virtual clock (default: now). */
  clock?: string;
  seed?: number;
  /** Folder of child flows (relative to the config file); defaults to the flow's own folder. */
  childFlowsDir?: string;
  /** Scripted connector answers keyed by `operationId` or `operationId:entityName`. */
  answers?: Record<string, FakeAnswer>;
  defaultRetryCount?: number;
  workflow?: RunOptions['workflow'];
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const usage = `Usage:
  flows run <flow> [--dataverse <url>] [--proxy <url>] [--api-key <key>] [--bearer-token <token>]
                   [--config run-config.json] [--trigger '<json>'|@file] [--clock <ISO time>] [--flows-dir <dir>] [--json]
  flows watch <flow> --dataverse <url> --proxy <url> --api-key <key> [--bearer-token <token>]
                     [--config run-config.json] [--flows-dir <dir>] [--json]
  flows check <flow> [--flows-dir <dir>]
  flows trigger <flow> [--config run-config.json] [--flows-dir <dir>]
<flow> is a path to a flow JSON file (Workflows/<Name>-<GUID>.json), or the start of a flow's file name or display
name in --flows-dir (default: solution/src/Workflows). --dataverse, --proxy and --api-key connect the flow's
connection references (or give them as connections in --config); run and watch need each one the flow uses.
A Recurrence flow runs at the first time on its schedule at or after --clock (default: now).`;

const valueFlags = [
  'config',
  'body',
  'trigger',
  'flows-dir',
  'dataverse',
  'proxy',
  'api-key',
  'bearer-token',
  'clock',
];

class UsageError extends Error {}

function parseArgs(argv: string[]): {
  command: string;
  target: string;
  flags: Record<string, string | true>;
} {
  const [command, target, ...rest] = argv;
  if (!command || !target) throw new UsageError('a command and a flow are required.');
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'.`);
    const name = arg.slice(2);
    if (name === 'json') flags.json = true;
    else if (valueFlags.includes(name)) {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value.`);
      flags[name] = value;
    } else throw new UsageError(`unknown option --${name}.`);
  }
  return { command, target, flags };
}

function flowFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.json'))
    .map((f) => resolve(dir, f));
}

/** `npm run -w` changes the working directory; paths the user typed are relative to where they typed them. */
function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** The solution's flows, as `pac solution unpack` lays them out. */
export const defaultFlowsDir = resolve(__dirname, '../../../solution/src/Workflows');

/** The display name a solution gives a flow, from `Workflows/<file>.json.data.xml` (`<Workflow … Name="…">`). */
function displayName(flowFile: string): string | undefined {
  const meta = `${flowFile}.data.xml`;
  if (!existsSync(meta)) return undefined;
  const match = /<Workflow\b[^>]*\sName="([^"]*)"/.exec(readFileSync(meta, 'utf8'));
  return match?.[1]
    ?.replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function locateFlow(target: string, flowsDir: string | undefined): string {
  if (existsSync(userPath(target)) && statSync(userPath(target)).isFile()) return userPath(target);
  const dir = flowsDir === undefined ? defaultFlowsDir : userPath(flowsDir);
  if (!existsSync(dir))
    throw new UsageError(`no file '${target}', and the flows folder '${dir}' does not exist.`);
  const files = flowFiles(dir);
  const byName = (f: string) => f.split(/[\\/]/).pop()!.toLowerCase().startsWith(target.toLowerCase());
  const exactDisplay = files.filter((f) => displayName(f)?.toLowerCase() === target.toLowerCase());
  const byDisplay = (f: string) => {
    const name = displayName(f);
    return name !== undefined && squash(name).startsWith(squash(target)) && squash(target) !== '';
  };
  const matches = exactDisplay.length === 1 ? exactDisplay : files.filter((f) => byName(f) || byDisplay(f));
  if (matches.length === 0) throw new UsageError(`no flow file starting with '${target}' in ${dir}.`);
  if (matches.length > 1)
    throw new UsageError(
      `'${target}' matches several flows: ${matches.map((m) => m.split(/[\\/]/).pop()).join(', ')}.`,
    );
  return matches[0]!;
}

function readConfig(path: string | undefined): { config: RunConfigFile; base: string } {
  if (!path) return { config: {}, base: process.cwd() };
  const full = userPath(path);
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(full, 'utf8'));
  } catch (e) {
    throw new UsageError(`the run configuration ${full} is not readable JSON: ${(e as Error).message}`);
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new UsageError(`the run configuration ${full} must be a JSON object.`);
  }
  return { config: config as RunConfigFile, base: dirname(full) };
}

function childFlowsFrom(dir: string): Record<string, LoadedFlow> {
  const out: Record<string, LoadedFlow> = {};
  for (const file of flowFiles(dir)) {
    try {
      const flow = loadFlowFile(file);
      if (flow.workflowId) out[flow.workflowId] = flow;
    } catch {
      // Not a flow file (e.g. a connector definition next to the flows): ignore.
    }
  }
  return out;
}

/** Connections and environment variables from --dataverse, --proxy, --api-key and --bearer-token. */
function sandboxFlags(flags: Record<string, string | true>) {
  for (const name of ['dataverse', 'proxy']) {
    const value = flags[name];
    if (typeof value === 'string' && !/^https?:\/\/[^/]/.test(value)) {
      throw new UsageError(`--${name} '${value}' is not an http(s) URL.`);
    }
  }
  const config = sandboxRunConfiguration({
    dataverseUrl: flags.dataverse as string | undefined,
    bearerToken: flags['bearer-token'] as string | undefined,
    proxyUrl: flags.proxy as string | undefined,
    apiKey: flags['api-key'] as string | undefined,
  });
  if (flags.proxy && !flags['api-key']) throw new UsageError('--proxy needs --api-key.');
  return { environmentVariables: config.environmentVariables ?? {}, connections: config.connections ?? {} };
}

/** The trigger body: JSON text, or @file with JSON (relative to where the command was typed). */
function readTriggerBody(value: string): unknown {
  let text = value;
  if (value.startsWith('@')) {
    const file = userPath(value.slice(1));
    if (!existsSync(file)) throw new UsageError(`--trigger: no file ${file}.`);
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--trigger is not JSON: ${(e as Error).message}`);
  }
}

/** "Monday 06:00 GMT Standard Time": when a run is due, as the schedule's own time zone says it. */
function wallTime(date: Date, windowsZone: string | undefined): string {
  const timeZone = (windowsZone && ianaZone(windowsZone)) || 'UTC';
  const text = date.toLocaleString('en-GB', {
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
  return `${text.replace(',', '')} ${windowsZone ?? 'UTC'}`;
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function main(
  argv: string[],
  io: CliIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
  /** `watch` runs until this resolves (default: Ctrl+C / SIGTERM). */
  control: { stop?: Promise<void> } = {},
): Promise<number> {
  try {
    const { command, target, flags } = parseArgs(argv);
    const flowPath = locateFlow(target, flags['flows-dir'] as string | undefined);
    const flow = loadFlowFile(flowPath);
    if (command === 'check') {
      const { schemaIssues, structureIssues } = checkFlow(flow);
      const issues = [...schemaIssues, ...structureIssues];
      io.out(
        issues.length
          ? `${flow.name}: ${issues.length} issue(s)\n${issues.map((i) => `  - ${i}`).join('\n')}`
          : `${flow.name}: valid`,
      );
      return issues.length ? 1 : 0;
    }
    const { config, base } = readConfig(flags.config as string | undefined);
    const clockFlag = flags.clock as string | undefined;
    if (clockFlag !== undefined && Number.isNaN(Date.parse(clockFlag))) {
      throw new UsageError(`--clock '${clockFlag}' is not an ISO 8601 time.`);
    }
    const clock = new VirtualClock(clockFlag ?? config.clock ?? new Date());
    const sandboxes = sandboxFlags(flags);
    const sandboxConfig = {
      environmentVariables: { ...config.environmentVariables, ...sandboxes.environmentVariables },
      connections: { ...config.connections, ...sandboxes.connections },
    };
    const useSandboxes = Object.keys(sandboxConfig.connections).length > 0;
    const options: RunOptions = {
      environmentVariables: sandboxConfig.environmentVariables,
      parameters: config.parameters,
      connectionReferences: config.connectionReferences,
      trigger: config.trigger,
      seed: config.seed,
      clock,
      connector: useSandboxes
        ? sandboxConnector(sandboxConfig, { dataversePageSize: config.dataversePageSize })
        : fakeConnector(config.answers ?? {}).connector,
      defaultRetryCount: config.defaultRetryCount,
      workflow: config.workflow,
      childFlows: childFlowsFrom(
        config.childFlowsDir ? resolve(base, config.childFlowsDir) : dirname(flowPath),
      ),
    };
    const triggerFlag = (flags.trigger ?? flags.body) as string | undefined;
    if (typeof triggerFlag === 'string') {
      options.trigger = { ...options.trigger, body: readTriggerBody(triggerFlag) };
    }
    if (command === 'trigger') {
      io.out(JSON.stringify(describeTrigger(flow, options), null, 2));
      return 0;
    }
    if (command !== 'run' && command !== 'watch') throw new UsageError(`unknown command '${command}'.`);
    if (useSandboxes) {
      const problems = checkRunConfiguration(flow, sandboxConfig);
      if (problems.length) {
        throw new FlowConfigurationError(
          `the run configuration does not fit '${flow.name}':\n${problems.map((p) => `  - ${p}`).join('\n')}`,
        );
      }
    }
    const print = (run: RunResult) => io.out(flags.json ? runToJson(run) : renderRunText(run));
    if (command === 'watch') {
      if (!useSandboxes)
        throw new UsageError('watch needs --dataverse, --proxy and --api-key (or connections in --config).');
      const trigger = await startProxyWebhookTrigger(flow, {
        ...options,
        config: sandboxConfig,
        onRun: print,
      });
      io.err(
        `flows: ${flow.name} subscribed at ${trigger.location}; runs start on each callback. Ctrl+C stops.`,
      );
      await (control.stop ?? interrupted());
      const answer = await trigger.stop();
      io.err(`flows: unsubscribed (${answer.statusCode}); ${trigger.runs.length} run(s).`);
      return trigger.runs.every((r) => r.status === 'Succeeded' || r.status === 'NotTriggered') ? 0 : 1;
    }
    const firstTrigger = Object.values(flow.definition.triggers ?? {})[0];
    const recurrence = firstTrigger?.type === 'Recurrence' ? firstTrigger.recurrence : undefined;
    if (recurrence && options.trigger?.scheduledTime === undefined) {
      // The flow is turned on at the clock: it runs when its schedule first comes round, not whenever it is asked.
      const at = firstOccurrence(recurrence, clock);
      if (at.getTime() !== clock.now().getTime()) {
        io.err(
          `flows: ${clock.now().toISOString()} is not on the schedule of '${flow.name}'; it first runs at ${at.toISOString()} (${wallTime(at, recurrence.timeZone)}), so the run happens then.`,
        );
      }
      clock.set(at);
      options.trigger = { ...options.trigger, scheduledTime: at.toISOString() };
    }
    const run = await runFlow(flow, options);
    print(run);
    return run.status === 'Succeeded' || run.status === 'NotTriggered' ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`flows: ${e.message}\n${usage}`);
      return 2;
    }
    if (e instanceof FlowLoadError || e instanceof FlowConfigurationError || e instanceof RecurrenceError) {
      io.err(`flows: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`flows: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(3);
    },
  );
}
