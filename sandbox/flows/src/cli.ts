import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { VirtualClock } from './engine/clock';
import { FlowLoadError, loadFlowFile, type LoadedFlow } from './engine/definition';
import { fakeConnector, type FakeAnswer } from './engine/fake-connector';
import { renderRunText, runToJson } from './engine/run-history';
import { checkFlow, FlowConfigurationError, runFlow, type RunOptions } from './engine/runner';
import { describeTrigger } from './engine/triggers';

/**
 * Command line of the flow runner (to become `npm run flows -- run <flow name>`):
 *   run <flow> [--config run-config.json] [--body '<json>'] [--flows-dir dir] [--json]
 *   check <flow> [--flows-dir dir]
 *   trigger <flow> [--config run-config.json] [--flows-dir dir]
 * `<flow>` is a path to a Workflows/*.json file, or the start of a file name inside --flows-dir.
 */
export interface RunConfigFile {
  environmentVariables?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  connectionReferences?: Record<string, { connectionId: string }>;
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
  flows run <flow> [--config run-config.json] [--body '<json>'] [--flows-dir <dir>] [--json]
  flows check <flow> [--flows-dir <dir>]
  flows trigger <flow> [--config run-config.json] [--flows-dir <dir>]
<flow> is a path to a flow JSON file (Workflows/<Name>-<GUID>.json) or the start of its file name in --flows-dir.`;

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
    else if (['config', 'body', 'flows-dir'].includes(name)) {
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

function locateFlow(target: string, flowsDir: string | undefined): string {
  if (existsSync(userPath(target)) && statSync(userPath(target)).isFile()) return userPath(target);
  const dir = userPath(flowsDir ?? '.');
  if (!existsSync(dir))
    throw new UsageError(`no file '${target}', and the flows folder '${dir}' does not exist.`);
  const matches = flowFiles(dir).filter((f) =>
    f.split(/[\\/]/).pop()!.toLowerCase().startsWith(target.toLowerCase()),
  );
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

export async function main(
  argv: string[],
  io: CliIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
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
    const clock = new VirtualClock(config.clock ?? new Date());
    const fake = fakeConnector(config.answers ?? {});
    const options: RunOptions = {
      environmentVariables: config.environmentVariables,
      parameters: config.parameters,
      connectionReferences: config.connectionReferences,
      trigger: config.trigger,
      seed: config.seed,
      clock,
      connector: fake.connector,
      defaultRetryCount: config.defaultRetryCount,
      workflow: config.workflow,
      childFlows: childFlowsFrom(
        config.childFlowsDir ? resolve(base, config.childFlowsDir) : dirname(flowPath),
      ),
    };
    if (typeof flags.body === 'string') {
      try {
        options.trigger = { ...options.trigger, body: JSON.parse(flags.body) };
      } catch (e) {
        throw new UsageError(`--body is not JSON: ${(e as Error).message}`);
      }
    }
    if (command === 'trigger') {
      io.out(JSON.stringify(describeTrigger(flow, options), null, 2));
      return 0;
    }
    if (command !== 'run') throw new UsageError(`unknown command '${command}'.`);
    const run = await runFlow(flow, options);
    io.out(flags.json ? runToJson(run) : renderRunText(run));
    return run.status === 'Succeeded' || run.status === 'NotTriggered' ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`flows: ${e.message}\n${usage}`);
      return 2;
    }
    if (e instanceof FlowLoadError || e instanceof FlowConfigurationError) {
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
