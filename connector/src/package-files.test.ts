import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { PNG } from 'pngjs';
import { contract, readJsoncFile, validateConnectorDefinition } from '@dxc/openapi';
import { referenceSpec } from '../../scripts/reference-specs';
import { buildConnectorPackage, connectorDir, packageFiles, samePixels } from './build-connector';
import { iconSize, parseHexColor } from './draw-icon';
import {
  apiPropertiesSchemaFile,
  settingsSchemaFile,
  validateApiProperties,
  validateSettings,
} from './paconn-schemas';

const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(connectorDir, name), 'utf8'));
const sharedSchemas = referenceSpec('power-platform-connectors');

describe('the committed connector package', () => {
  it('apiProperties.json conforms to paconn-apiProperties.schema.json', () => {
    expect(validateApiProperties(read(packageFiles.apiProperties))).toEqual([]);
  });

  it('asks the maker for the API key as a secret, in words a maker understands', () => {
    const { properties } = read(packageFiles.apiProperties) as {
      properties: {
        connectionParameters: Record<string, { type: string; uiDefinition: Record<string, unknown> }>;
      };
    };
    expect(Object.keys(properties.connectionParameters)).toEqual(['api_key']);
    const apiKey = properties.connectionParameters.api_key!;
    expect(apiKey.type).toBe('securestring');
    expect(apiKey.uiDefinition).toMatchObject({
      displayName: 'API key',
      description: expect.stringContaining("proxy's admin page"),
      constraints: { required: 'true', clearText: false },
    });
    expect(properties).toMatchObject({
      capabilities: [],
      iconBrandColor: expect.stringMatching(/^#[0-9A-F]{6}$/i),
    });
  });

  it('settings.json conforms to paconn-settings.schema.json and names the package files', () => {
    const settings = read(packageFiles.settings) as Record<string, unknown>;
    expect(validateSettings(settings)).toEqual([]);
    expect(settings).toMatchObject({
      apiDefinition: packageFiles.apiDefinition,
      apiProperties: packageFiles.apiProperties,
      icon: packageFiles.icon,
    });
  });

  it('apiDefinition.swagger.json is exactly what the build makes from openapi/ (run `npm run build -w connector`)', () => {
    const built = buildConnectorPackage();
    expect(fs.readFileSync(path.join(connectorDir, packageFiles.apiDefinition), 'utf8')).toBe(
      built.apiDefinitionJson,
    );
  });

  it('apiDefinition.swagger.json says the same as the contract, apart from its generated-from note', () => {
    const { 'x-generated-from': note, ...definition } = read(packageFiles.apiDefinition) as Record<
      string,
      unknown
    >;
    expect(note).toMatch(/^openapi\/dxc-xero\.swagger\.yaml by connector\/src\/build\.ts/);
    expect(isDeepStrictEqual(definition, contract)).toBe(true);
  });

  it("apiDefinition.swagger.json conforms to Microsoft's connector definition schema", () => {
    expect(validateConnectorDefinition(read(packageFiles.apiDefinition))).toEqual([]);
  });

  it('icon.png is a valid PNG of at least 230×230 on a solid brand-colour background', () => {
    const bytes = fs.readFileSync(path.join(connectorDir, packageFiles.icon));
    const png = PNG.sync.read(bytes);
    expect(png.width).toBeGreaterThanOrEqual(iconSize);
    expect(png.height).toBe(png.width);
    const { properties } = read(packageFiles.apiProperties) as { properties: { iconBrandColor: string } };
    const brand = parseHexColor(properties.iconBrandColor);
    const pixel = (x: number, y: number): number[] => [
      ...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4),
    ];
    // The whole outer frame (10 px) is the brand colour, fully opaque: a solid background, no transparency.
    for (let i = 0; i < png.width; i += 1) {
      for (const [x, y] of [
        [i, 0],
        [i, 9],
        [i, png.height - 1],
        [0, i],
        [png.width - 1, i],
      ] as const) {
        expect(pixel(x, y)).toEqual([...brand, 255]);
      }
    }
    // The mark is there: the centre line of the upper arrow is white.
    expect(pixel(Math.round(png.width / 2), Math.round((83 / 230) * png.height))).toEqual([
      255, 255, 255, 255,
    ]);
  });

  it('icon.png is the drawing the build makes (pixel for pixel)', () => {
    const bytes = fs.readFileSync(path.join(connectorDir, packageFiles.icon));
    expect(samePixels(bytes, buildConnectorPackage().icon)).toBe(true);
  });

  it.each([
    ['paconn-apiProperties.schema.json', apiPropertiesSchemaFile],
    ['paconn-settings.schema.json', settingsSchemaFile],
  ])('vendored %s has the content of the upstream copy in ../shared (when present)', (name, vendored) => {
    const upstream = path.join(sharedSchemas, name);
    if (!fs.existsSync(upstream)) {
      console.warn(`${upstream} is absent: only the vendored copy ${vendored} is used`);
      expect(fs.existsSync(vendored)).toBe(true);
      return;
    }
    expect(isDeepStrictEqual(readJsoncFile(upstream), readJsoncFile(vendored))).toBe(true);
  });
});

describe('the paconn schemas catch what is wrong (the checks can fail)', () => {
  it('an apiProperties without iconBrandColor and with an unknown parameter type', () => {
    const problems = validateApiProperties({
      properties: { connectionParameters: { api_key: { type: 'password' } } },
    });
    expect(problems.join('\n')).toMatch(/must have required property 'iconBrandColor'/);
    expect(problems.length).toBeGreaterThan(1);
  });

  it('a settings.json with an environment that is not a GUID and an unknown key', () => {
    const problems = validateSettings({ environment: 'Default', apiDef: 'x.json' });
    expect(problems).toEqual(
      expect.arrayContaining([
        '/environment must match pattern "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"',
        '/ must NOT have additional properties',
      ]),
    );
  });
});
