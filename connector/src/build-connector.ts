import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { contractFile, lintContract, readSwaggerFile, validateConnectorDefinition } from '@dxc/openapi';
import type { SwaggerDocument } from '@dxc/openapi';
import { drawIcon, encodeIcon, parseHexColor } from './draw-icon';
import { validateApiProperties, validateSettings } from './paconn-schemas';

/** The connector folder: the committed package lives here. */
export const connectorDir = path.resolve(__dirname, '..');
export const packageFiles = {
  apiDefinition: 'apiDefinition.swagger.json',
  apiProperties: 'apiProperties.json',
  icon: 'icon.png',
  settings: 'settings.json',
} as const;

/** Same pattern as the connector definition schema's `host`: a host name, optional port, no scheme or path. */
const hostPattern = /^[^{}/ :\\]+(?::\d+)?$/;

/** The package cannot be built; every problem names the file (or option) at fault. */
export class ConnectorBuildError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The connector package cannot be built:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ConnectorBuildError';
  }
}

export interface ConnectorBuildInput {
  /** The contract to build from; openapi/dxc-xero.swagger.yaml by default. */
  contractFile?: string;
  /** The proxy's public host name (no scheme); the contract's placeholder host by default. */
  host?: string;
  /** Where to read apiProperties.json and settings.json; the connector folder by default. */
  sourceDir?: string;
}

export interface ConnectorPackage {
  apiDefinition: SwaggerDocument;
  /** apiDefinition.swagger.json as written: pretty JSON with a final newline. */
  apiDefinitionJson: string;
  apiProperties: ApiProperties;
  settings: Record<string, unknown>;
  icon: PNG;
}

interface ApiProperties {
  properties: {
    iconBrandColor: string;
    connectionParameters?: Record<string, { type: string }>;
    [key: string]: unknown;
  };
}

/** Builds the package in memory from the contract and the hand-written files; writes nothing. */
export function buildConnectorPackage(input: ConnectorBuildInput = {}): ConnectorPackage {
  const sourceFile = path.resolve(input.contractFile ?? contractFile);
  const sourceDir = input.sourceDir ?? connectorDir;
  const problems: string[] = [];

  let document: SwaggerDocument;
  try {
    document = structuredClone(readSwaggerFile(sourceFile));
  } catch (error) {
    throw new ConnectorBuildError([(error as Error).message]);
  }
  if (input.host !== undefined) {
    if (!hostPattern.test(input.host)) {
      problems.push(
        `host ${JSON.stringify(input.host)}: give the proxy's public host name only, without https:// or a path ` +
          '(for example xero-proxy.contoso.com)',
      );
    }
    document.host = input.host;
  }
  const relativeSource = path
    .relative(path.resolve(connectorDir, '..'), sourceFile)
    .split(path.sep)
    .join('/');
  // JSON has no comments, so the "generated" note is a root vendor extension (x- but not x-ms-, which the connector
  // schema allows), placed first so it is the first thing a reader sees.
  document = {
    'x-generated-from': `${relativeSource} by connector/src/build.ts (npm run build -w connector); do not edit, change the YAML`,
    ...document,
  };

  for (const finding of lintContract(document)) {
    problems.push(`${sourceFile}: ${finding.path}: ${finding.message} [${finding.rule}]`);
  }
  for (const problem of validateConnectorDefinition(document)) {
    problems.push(`${sourceFile}: does not match the connector definition schema: ${problem}`);
  }

  const apiPropertiesFile = path.join(sourceDir, packageFiles.apiProperties);
  const apiProperties = readJson(apiPropertiesFile, problems) as ApiProperties | undefined;
  if (apiProperties !== undefined) {
    for (const problem of validateApiProperties(apiProperties))
      problems.push(`${apiPropertiesFile}: ${problem}`);
    problems.push(...checkAuthenticationAgrees(document, apiProperties, apiPropertiesFile));
  }
  const settingsFile = path.join(sourceDir, packageFiles.settings);
  const settings = readJson(settingsFile, problems) as Record<string, unknown> | undefined;
  if (settings !== undefined) {
    for (const problem of validateSettings(settings)) problems.push(`${settingsFile}: ${problem}`);
    for (const [key, expected] of Object.entries(packageFiles)) {
      if (key !== 'settings' && settings[key] !== expected) {
        problems.push(`${settingsFile}: "${key}" must be "${expected}", the file this build writes`);
      }
    }
  }

  let icon: PNG | undefined;
  const color = apiProperties?.properties?.iconBrandColor;
  if (typeof color === 'string') {
    try {
      parseHexColor(color);
      icon = drawIcon(color);
    } catch (error) {
      problems.push(`${apiPropertiesFile}: ${(error as Error).message}`);
    }
  }

  if (problems.length > 0 || !apiProperties || !settings || !icon) throw new ConnectorBuildError(problems);
  return {
    apiDefinition: document,
    apiDefinitionJson: `${JSON.stringify(document, null, 2)}\n`,
    apiProperties,
    settings,
    icon,
  };
}

/**
 * Writes the package into `outDir`: apiDefinition.swagger.json and icon.png always, apiProperties.json and
 * settings.json too when `outDir` is not the folder they were read from. Returns the files written or unchanged.
 */
export function writeConnectorPackage(
  built: ConnectorPackage,
  outDir: string,
  sourceDir: string = connectorDir,
): { file: string; changed: boolean }[] {
  fs.mkdirSync(outDir, { recursive: true });
  const results: { file: string; changed: boolean }[] = [];
  const write = (name: string, content: Buffer, same: (current: Buffer) => boolean): void => {
    const file = path.join(outDir, name);
    const current = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    const changed = current === undefined || !same(current);
    if (changed) fs.writeFileSync(file, content);
    results.push({ file, changed });
  };
  write(packageFiles.apiDefinition, Buffer.from(built.apiDefinitionJson), (current) =>
    current.equals(Buffer.from(built.apiDefinitionJson)),
  );
  // Compared by pixels, not bytes: zlib versions may compress the same image differently.
  write(packageFiles.icon, encodeIcon(built.icon), (current) => samePixels(current, built.icon));
  if (path.resolve(outDir) !== path.resolve(sourceDir)) {
    for (const name of [packageFiles.apiProperties, packageFiles.settings]) {
      const content = fs.readFileSync(path.join(sourceDir, name));
      write(name, content, (current) => current.equals(content));
    }
  }
  return results;
}

/** True when the PNG bytes decode to exactly the same size and pixels as `expected`. */
export function samePixels(pngBytes: Buffer, expected: PNG): boolean {
  let actual: PNG;
  try {
    actual = PNG.sync.read(pngBytes);
  } catch {
    return false;
  }
  return (
    actual.width === expected.width && actual.height === expected.height && actual.data.equals(expected.data)
  );
}

function readJson(file: string, problems: string[]): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problems.push(`${file}: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${String(error)})`}`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push(`${file}: not valid JSON (${(error as Error).message})`);
    return undefined;
  }
}

/** The swagger's apiKey security definition must have its `api_key` connection parameter, and vice versa. */
function checkAuthenticationAgrees(
  document: SwaggerDocument,
  apiProperties: ApiProperties,
  file: string,
): string[] {
  const problems: string[] = [];
  const apiKey = Object.values(document.securityDefinitions ?? {}).some(
    (definition) => definition.type === 'apiKey',
  );
  const parameter = apiProperties.properties?.connectionParameters?.api_key;
  if (apiKey && parameter?.type !== 'securestring') {
    problems.push(
      `${file}: the contract authenticates with an API key, so connectionParameters.api_key must be a securestring`,
    );
  }
  if (!apiKey && parameter) {
    problems.push(
      `${file}: connectionParameters.api_key is set but the contract has no apiKey security definition`,
    );
  }
  return problems;
}
