import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { contractFile } from '@dxc/openapi';
import {
  buildConnectorPackage,
  ConnectorBuildError,
  connectorDir,
  samePixels,
  writeConnectorPackage,
} from './build-connector';

const execFileAsync = promisify(execFile);
const tsx = path.resolve(connectorDir, '..', 'node_modules', '.bin', 'tsx');
const buildScript = path.join(connectorDir, 'src', 'build.ts');

// The build compiles two JSON schemas; a loaded 2-core CI machine may be slow.
jest.setTimeout(120_000);

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dxc-connector-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A copy of the connector's hand-written files in a scratch folder, optionally changed. */
function sourceCopy(name: string, change: (files: Record<string, string>) => void = () => {}): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir);
  const files: Record<string, string> = {};
  for (const file of ['apiProperties.json', 'settings.json']) {
    files[file] = fs.readFileSync(path.join(connectorDir, file), 'utf8');
  }
  change(files);
  for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), content);
  return dir;
}

async function runBuild(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(tsx, [buildScript, ...args], {
      cwd: scratch,
      env: { ...process.env, DXC_PROXY_HOST: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('building the connector package', () => {
  it('sets the host asked for and keeps the rest of the contract', () => {
    const built = buildConnectorPackage({ host: 'xero-proxy.contoso.com' });
    expect(built.apiDefinition.host).toBe('xero-proxy.contoso.com');
    expect(built.apiDefinition.basePath).toBe('/');
    expect(JSON.parse(built.apiDefinitionJson)).toMatchObject({
      host: 'xero-proxy.contoso.com',
      swagger: '2.0',
    });
  });

  it('accepts a host with a port', () => {
    expect(buildConnectorPackage({ host: 'proxy.internal:8443' }).apiDefinition.host).toBe(
      'proxy.internal:8443',
    );
  });

  it.each(['https://xero-proxy.contoso.com', 'xero-proxy.contoso.com/v1', ''])(
    'refuses the host %j, saying why',
    (host) => {
      expect(() => buildConnectorPackage({ host })).toThrow(
        /host .*: give the proxy's public host name only, without https:\/\//,
      );
    },
  );

  it('refuses a missing contract file, naming it', () => {
    const missing = path.join(scratch, 'missing.yaml');
    expect(() => buildConnectorPackage({ contractFile: missing })).toThrow(`${missing}: file not found`);
  });

  it('refuses a contract with certification findings, naming the file and the JSONPath', () => {
    const file = path.join(scratch, 'lint.yaml');
    fs.writeFileSync(
      file,
      fs.readFileSync(contractFile, 'utf8').replace('title: DXC Xero Invoice Sync', 'title: DXC Xero API'),
    );
    expect(() => buildConnectorPackage({ contractFile: file })).toThrow(
      `${file}: $.info.title: must not contain the word "API" [title-forbidden-words]`,
    );
  });

  it('refuses apiProperties.json that is not JSON, naming the file', () => {
    const dir = sourceCopy('bad-json', (files) => void (files['apiProperties.json'] = '{ "properties": '));
    expect(() => buildConnectorPackage({ sourceDir: dir })).toThrow(
      `${path.join(dir, 'apiProperties.json')}: not valid JSON`,
    );
  });

  it('refuses apiProperties.json that breaks the paconn schema or the contract, naming the file', () => {
    const dir = sourceCopy('bad-properties', (files) => {
      const value = JSON.parse(files['apiProperties.json']!) as { properties: Record<string, unknown> };
      value.properties.connectionParameters = { api_key: { type: 'string' } };
      value.properties.iconBrandColor = 'teal';
      files['apiProperties.json'] = JSON.stringify(value);
    });
    const error = (() => {
      try {
        buildConnectorPackage({ sourceDir: dir });
        return undefined;
      } catch (caught) {
        return caught as ConnectorBuildError;
      }
    })();
    expect(error).toBeInstanceOf(ConnectorBuildError);
    const file = path.join(dir, 'apiProperties.json');
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        `${file}: the contract authenticates with an API key, so connectionParameters.api_key must be a securestring`,
        `${file}: iconBrandColor must be a #RRGGBB colour, got "teal"`,
      ]),
    );
  });

  it('refuses settings.json that points at other file names', () => {
    const dir = sourceCopy('bad-settings', (files) => {
      files['settings.json'] = JSON.stringify({
        apiDefinition: 'swagger.json',
        apiProperties: 'apiProperties.json',
        icon: 'icon.png',
      });
    });
    expect(() => buildConnectorPackage({ sourceDir: dir })).toThrow(
      `${path.join(dir, 'settings.json')}: "apiDefinition" must be "apiDefinition.swagger.json"`,
    );
  });

  it('writes a complete package for another folder, and leaves unchanged files alone on a second run', () => {
    const outDir = path.join(scratch, 'out');
    const built = buildConnectorPackage({ host: 'xero-proxy.contoso.com' });
    const first = writeConnectorPackage(built, outDir);
    expect(first.map(({ file, changed }) => [path.basename(file), changed])).toEqual([
      ['apiDefinition.swagger.json', true],
      ['icon.png', true],
      ['apiProperties.json', true],
      ['settings.json', true],
    ]);
    expect(writeConnectorPackage(built, outDir).every(({ changed }) => !changed)).toBe(true);
    expect(samePixels(fs.readFileSync(path.join(outDir, 'icon.png')), built.icon)).toBe(true);
    expect(PNG.sync.read(fs.readFileSync(path.join(outDir, 'icon.png'))).width).toBe(230);
  });
});

describe('npm run build -w connector (the script)', () => {
  it('with --host writes a deployable package to the out folder', async () => {
    const outDir = path.join(scratch, 'script-out');
    const result = await runBuild(['--host', 'xero-proxy.fabrikam.com', '--out-dir', outDir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('host: xero-proxy.fabrikam.com');
    const definition = JSON.parse(
      fs.readFileSync(path.join(outDir, 'apiDefinition.swagger.json'), 'utf8'),
    ) as { host: string };
    expect(definition.host).toBe('xero-proxy.fabrikam.com');
    expect(fs.readdirSync(outDir).sort()).toEqual([
      'apiDefinition.swagger.json',
      'apiProperties.json',
      'icon.png',
      'settings.json',
    ]);
  });

  it('takes the host from DXC_PROXY_HOST', async () => {
    const outDir = path.join(scratch, 'script-env');
    const result = await runBuild(['--out-dir', outDir], { DXC_PROXY_HOST: 'xero-proxy.northwind.com' });
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(outDir, 'apiDefinition.swagger.json'), 'utf8')).toContain(
      '"host": "xero-proxy.northwind.com"',
    );
  });

  it('exits 1 and names the contract file when it is broken', async () => {
    const file = path.join(scratch, 'broken.yaml');
    fs.writeFileSync(file, 'swagger: "2.0"\npaths: [\n');
    const result = await runBuild(['--contract', file, '--out-dir', path.join(scratch, 'never')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}: not valid YAML`);
    expect(fs.existsSync(path.join(scratch, 'never'))).toBe(false);
  });

  it('exits 1 and explains a host with a scheme', async () => {
    const result = await runBuild([
      '--host',
      'https://proxy.contoso.com',
      '--out-dir',
      path.join(scratch, 'never2'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'host "https://proxy.contoso.com": give the proxy\'s public host name only',
    );
  });
});
