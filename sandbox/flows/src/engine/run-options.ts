import type { Clock } from './clock';
import type { Connector } from './connectors';
import type { LoadedFlow } from './definition';

export interface TriggerInput {
  /** Trigger body (manual/Request/child-flow inputs, or the Dataverse row for a Dataverse trigger). */
  body?: unknown;
  headers?: Record<string, string>;
  queries?: Record<string, string>;
  /** Full trigger outputs; overrides body/headers when given. */
  outputs?: unknown;
  /** For Recurrence: the scheduled time of this occurrence (defaults to the clock's now). */
  scheduledTime?: string;
}

export interface RunOptions {
  /**
   * Environment-variable values as an admin sets them at import, keyed by schema name (`dxc_ProxyBaseUrl`) or by
   * the full parameter name (`Proxy base URL (dxc_ProxyBaseUrl)`). Missing ones fall back to the definition's
   * defaultValue.
   */
  environmentVariables?: Record<string, unknown>;
  /** Other definition parameters by name. */
  parameters?: Record<string, unknown>;
  /** Connection references mapped at import: logical name → connection id. */
  connectionReferences?: Record<string, { connectionId: string }>;
  connector?: Connector;
  /** Child flows by workflow id (lower-case GUID), for Workflow actions. */
  childFlows?: Record<string, LoadedFlow>;
  trigger?: TriggerInput;
  clock?: Clock;
  /** Seed for rand(), guid(), retry jitter and tracking ids. */
  seed?: number;
  /** Retries of the default policy (4; Power Automate's Medium/High profile allows 8 — flow-runner.md §3.4). */
  defaultRetryCount?: number;
  /** Validate against the workflow definition schema before running (default true). */
  validateSchema?: boolean;
  schemaPath?: string;
  workflow?: { id?: string; displayName?: string; environmentName?: string };
  /** Apply to each item limit (100,000 on Power Automate's paid plans; 5,000 on Low). */
  maxForeachItems?: number;
  /** Allowed hosts for Http actions (default 127.0.0.1, localhost, ::1). */
  httpHosts?: string[];
  runId?: string;
  /** Depth of child-flow calls (internal). */
  depth?: number;
}
