/**
 * Everything a solution flow needs to run for real, offline: the Dataverse emulator (over HTTP, the solution's
 * tables), the proxy (in-process) over the Xero emulator with the demo organisation connected and an API key, and the
 * run configuration an admin would set at import (connection references → connections, dxc_ProxyBaseUrl). Flows
 * are loaded from the solution's own source (solution/src/Workflows), so the tests run exactly what ships.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startDataverseEmulator } from '@dxc/dataverse-emulator';
import type { DataverseEmulator, DataverseEmulatorOptions } from '@dxc/dataverse-emulator';
import {
  loadFlowFile,
  runFlow,
  runFlowOnDataverseChanges,
  sandboxConnector,
  sandboxRunConfiguration,
  VirtualClock,
} from '@dxc/flow-runner';
import type {
  ActionRecord,
  DataverseTriggerWatch,
  LoadedFlow,
  RunOptions,
  RunResult,
  SandboxRunConfiguration,
} from '@dxc/flow-runner';
import { startHarness } from '@dxc/proxy-service/testing';
import type { Harness, HarnessOptions } from '@dxc/proxy-service/testing';
import type { ConnectionRecord } from '@dxc/proxy-service';
import { issueApiKey } from '@dxc/proxy-service';

export const WORKFLOWS_DIR = path.resolve(__dirname, '../../../solution/src/Workflows');

/** The solution flow whose file name starts with `<name>-` (files are `<Name>-<GUID>.json`). */
export function loadSolutionFlow(name: string): LoadedFlow {
  const file = readdirSync(WORKFLOWS_DIR).find(
    (f) => f.startsWith(`${name}-`) && f.endsWith('.json') && f.length === name.length + 1 + 36 + 5,
  );
  if (!file) throw new Error(`no flow ${name}-<GUID>.json in ${WORKFLOWS_DIR}`);
  return loadFlowFile(path.join(WORKFLOWS_DIR, file));
}

export interface FlowSandbox {
  xero: Harness;
  dataverse: DataverseEmulator;
  /** The Xero organisation connected to the proxy (the first, when several are). */
  connection: ConnectionRecord;
  /** Every organisation connected, `connection` first; the API key reaches all of them. */
  connections: ConnectionRecord[];
  apiKey: string;
  config: SandboxRunConfiguration;
  clock: VirtualClock;
  /** Runs a flow as Power Automate would, with this sandbox's connections (options override the defaults). */
  run(flow: LoadedFlow, options?: Partial<RunOptions>): Promise<RunResult>;
  /** Runs a Dataverse-triggered flow on every matching change in the Dataverse emulator until stopped. */
  watchDataverse(flow: LoadedFlow): DataverseTriggerWatch;
  /** Xero API calls the connected organisation has made so far (the emulator's own counter). */
  xeroCalls(): number;
  /** The same for one organisation, by tenant id. */
  xeroCallsOf(tenantId: string): number;
  /** Run options that point the custom connector at an address where no proxy answers (port 9, discard). */
  unreachableProxy(): Partial<RunOptions>;
  close(): Promise<void>;
}

export interface FlowSandboxOptions {
  proxy?: HarnessOptions;
  dataverse?: DataverseEmulatorOptions;
  /** Start time of the virtual clock the runner uses (recurrences, utcNow()). */
  startAt?: string;
  /** Rows per Dataverse page, to exercise paging with small data. */
  dataversePageSize?: number;
  /**
   * Connect every organisation the Xero emulator serves and give the flows one API key granted all of them (issue
   * 14: one installation, several organisations); by default only the first is connected.
   */
  everyOrganisation?: boolean;
}

export async function startFlowSandbox(options: FlowSandboxOptions = {}): Promise<FlowSandbox> {
  // The flow runner's webhook triggers listen on 127.0.0.1: the proxy's documented opt-in for local callbacks.
  const xero = await startHarness({
    ...options.proxy,
    env: { WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true', ...options.proxy?.env },
  });
  const dataverse = await startDataverseEmulator({ port: 0, ...options.dataverse });
  try {
    const { connection, apiKey: firstKey } = await xero.connect(
      options.everyOrganisation ? xero.emulator.organisations[0]!.tenantId : undefined,
    );
    const connections = [connection];
    let apiKey = firstKey;
    if (options.everyOrganisation) {
      for (const organisation of xero.emulator.organisations.slice(1))
        connections.push((await xero.connect(organisation.tenantId)).connection);
      apiKey = (
        await issueApiKey(
          xero.proxy.services.store,
          connections.map((c) => c.id),
          'every organisation',
          new Date().toISOString(),
        )
      ).key;
    }
    const callsOf = (tenantId: string) =>
      xero.emulator.limits.usage(tenantId).reduce((sum, usage) => sum + usage.total, 0);
    const config = sandboxRunConfiguration({ dataverseUrl: dataverse.url, proxyUrl: xero.url, apiKey });
    const connector = sandboxConnector(config, { dataversePageSize: options.dataversePageSize });
    const clock = new VirtualClock(options.startAt ?? new Date().toISOString());
    return {
      xero,
      dataverse,
      connection,
      connections,
      apiKey,
      config,
      clock,
      run: (flow, o = {}) =>
        runFlow(flow, {
          connector,
          environmentVariables: config.environmentVariables,
          clock,
          defaultRetryCount: 0,
          ...o,
        }),
      watchDataverse: (flow) =>
        runFlowOnDataverseChanges(flow, {
          changes: dataverse.changes,
          connector,
          environmentVariables: config.environmentVariables,
          clock,
          defaultRetryCount: 0,
        }),
      unreachableProxy() {
        const elsewhere = sandboxRunConfiguration({
          dataverseUrl: dataverse.url,
          proxyUrl: 'http://127.0.0.1:9',
          apiKey,
        });
        return {
          connector: sandboxConnector(elsewhere),
          environmentVariables: elsewhere.environmentVariables,
        };
      },
      xeroCalls: () => callsOf(connection.tenantId),
      xeroCallsOf: callsOf,
      async close() {
        await dataverse.close();
        await xero.close();
      },
    };
  } catch (error) {
    await dataverse.close();
    await xero.close();
    throw error;
  }
}

/** One Dataverse Web API request to the emulator, as a form or a control sends it; answers its HTTP status. */
export async function webApiStatus(sandbox: FlowSandbox, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.dataverse.apiUrl}/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

/** The failed actions of a run, as `name: message` (an empty list is what a passing flow shows). */
export function failedActions(run: RunResult): string[] {
  return run.actions
    .filter((a) => a.status === 'Failed' || a.status === 'TimedOut')
    .map((a) => `${a.name}: ${a.error?.message ?? a.error?.code ?? 'failed'}`);
}

/** Every execution of an action with this name, in scopes, branches and loops too. */
export function executions(run: RunResult, name: string): ActionRecord[] {
  const found: ActionRecord[] = [];
  const visit = (records: ActionRecord[] | undefined) => {
    for (const r of records ?? []) {
      if (r.name === name) found.push(r);
      visit(r.actions);
      for (const rep of r.repetitions ?? []) visit(rep.actions);
    }
  };
  visit(run.actions);
  return found;
}

/** Whether an action with this name ran (succeeded or failed, not skipped), at any depth. */
export const ran = (run: RunResult, name: string) =>
  executions(run, name).some((a) => a.status === 'Succeeded' || a.status === 'Failed');

/** The actions that failed themselves (not scopes failing because of them), at any depth, as `name: message`. */
export function failedSteps(run: RunResult): string[] {
  const found: string[] = [];
  const visit = (records: ActionRecord[] | undefined) => {
    for (const r of records ?? []) {
      if (r.status === 'Failed' && !r.actions && !r.repetitions)
        found.push(`${r.name}: ${r.error?.message ?? ''}`);
      visit(r.actions);
      for (const rep of r.repetitions ?? []) visit(rep.actions);
    }
  };
  visit(run.actions);
  return found;
}
