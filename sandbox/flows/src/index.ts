/**
 * @dxc/flow-runner: runs Power Automate cloud-flow definitions offline — the Workflow Definition Language expression
 * engine, the action semantics, run history and Power Platform request counting. Connectors are pluggable: the
 * sandbox connector routes Dataverse operations to a Dataverse Web API (the emulator) and the custom connector's
 * operations to the proxy, and the two webhook triggers are driven by the emulator's change feed and the proxy.
 */
export * from './expressions';
export {
  VirtualClock,
  realClock,
  seededRandom,
  parseDuration,
  startStopwatch,
  type Clock,
} from './engine/clock';
export {
  routeConnectors,
  unflattenParameters,
  ConnectorNotFoundError,
  type Connector,
  type ConnectorCall,
  type ConnectorResponse,
} from './engine/connectors';
export {
  parseFlow,
  loadFlowFile,
  validateStructure,
  walkActions,
  FlowLoadError,
  type ActionDefinition,
  type LoadedFlow,
  type TriggerDefinition,
  type WorkflowDefinition,
  type ConnectionReference,
  type RecurrenceDefinition,
} from './engine/definition';
export { fakeConnector, ok, type FakeAnswer, type FakeConnector } from './engine/fake-connector';
export { nextOccurrences, RecurrenceError } from './engine/recurrence';
export { resolveRetryPolicy, retryDelay, isRetryableStatus, type RetryPolicy } from './engine/retry';
export {
  renderRunText,
  runToJson,
  readRunJson,
  redactRun,
  securedText,
  type ActionRecord,
  type ActionStatus,
  type RunResult,
  type RunStatus,
  type RunError,
  type Attempt,
  type Repetition,
  type RunAfterOutcome,
  formatDuration,
} from './engine/run-history';
export { itemFailures, type ItemFailures } from './engine/item-failures';
export {
  runFlow,
  checkFlow,
  containerStatus,
  resolveFlowParameters,
  statusCodeName,
  FlowConfigurationError,
  type RunOptions,
  type TriggerInput,
  type LoadCheck,
} from './engine/runner';
export { validateAgainstSchema, defaultSchemaPath, SchemaUnavailableError } from './engine/schema-validation';
export { describeTrigger, firstOccurrence, runRecurrence, type TriggerDescription } from './engine/triggers';
export {
  dataverseConnector,
  webApiBase,
  DATAVERSE_API_NAME,
  type DataverseConnection,
  type DataverseConnectorOptions,
} from './connectors/dataverse-connector';
export {
  dataverseWebApiConnector,
  WEB_CONTENTS_API_NAME,
  INVOKE_HTTP_OPERATION,
  type DataverseWebApiConnection,
  type DataverseWebApiConnectorOptions,
} from './connectors/dataverse-web-api-connector';
export {
  proxyConnector,
  buildProxyRequest,
  apiKeyHeader,
  ProxyRequestError,
  type ProxyConnection,
  type ProxyConnectorOptions,
} from './connectors/proxy-connector';
export { sendHttp, type HttpAnswer, type HttpRequest } from './connectors/http-request';
export {
  sandboxConnector,
  sandboxRunConfiguration,
  checkRunConfiguration,
  environmentVariable,
  proxyConnection,
  PROXY_BASE_URL_VARIABLE,
  DATAVERSE_REFERENCE,
  DATAVERSE_WEB_API_REFERENCE,
  type SandboxRunConfiguration,
  type SandboxConnection,
  type SandboxConnectorOptions,
} from './sandboxes/sandbox-connector';
export {
  runFlowOnDataverseChanges,
  dataverseSubscription,
  dataverseTriggerBody,
  type ChangeSource,
  type DataverseTriggerWatch,
  type DataverseTriggerOptions,
} from './sandboxes/dataverse-trigger';
export {
  startProxyWebhookTrigger,
  notificationUrlProperty,
  WebhookSubscriptionError,
  type ProxyWebhookTrigger,
  type ProxyWebhookTriggerOptions,
  type WebhookNotification,
} from './sandboxes/proxy-webhook-trigger';
export {
  exportedFlow,
  exportedFlowText,
  dataverseAction,
  dataverseWebApiAction,
  proxyAction,
  exportedConnectionReferences,
  PROXY_API_ID,
  PROXY_KEY,
} from './sandboxes/exported-flow';
