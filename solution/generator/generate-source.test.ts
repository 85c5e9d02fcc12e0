import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { solutionModel } from '../model';
import { systemColumns } from '../model/system-columns';
import { writeFlowFixture } from '../testing/flow-fixtures';
import { deterministicGuid } from './deterministic-guid';
import { readFlows } from './flow-metadata';
import { GENERATED_MARKER, generateSource } from './generate-source';
import { toSolutionVersion } from './solution-version';
import { SRC_DIR, expectedSource, isHandAuthored, listFiles, writeSource } from './write-source';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (n) => ['attribute', 'RootComponent', 'EntityRelationship'].includes(n),
});

describe('generated solution source', () => {
  it('is up to date: solution/src equals what the model generates (run `npm run generate -w solution`)', () => {
    const expected = expectedSource();
    const onDisk = listFiles(SRC_DIR).filter((p) => !isHandAuthored(p));
    const stale = [...expected].filter(
      ([p, c]) => !existsSync(join(SRC_DIR, p)) || readFileSync(join(SRC_DIR, p), 'utf8') !== c,
    );
    const extra = onDisk.filter((p) => !expected.has(p));
    expect({ stale: stale.map(([p]) => p), extra }).toEqual({ stale: [], extra: [] });
  });

  it('is deterministic: two generations are byte-identical, and ids are name-based UUID v5', () => {
    const a = generateSource(solutionModel, '0.1.0.0', []);
    const b = generateSource(structuredClone(solutionModel), '0.1.0.0', []);
    expect([...a]).toEqual([...b]);
    expect(deterministicGuid('form:invoice-xero')).toBe(deterministicGuid('form:invoice-xero'));
    expect(deterministicGuid('x')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(deterministicGuid('a')).not.toBe(deterministicGuid('b'));
  });

  it('keeps shipped component ids: the same names give the same GUIDs as every earlier release', () => {
    // Dataverse matches components by id on upgrade; these were produced before the uuid package replaced the
    // hand-written v5 and must never change.
    expect(deterministicGuid('form:invoice-xero')).toBe('35458312-eeb9-51be-b061-99abb86be4bd');
    expect(deterministicGuid('role:xero-user')).toBe('2b9d3cc6-4275-55d0-acea-36a322840d76');
  });

  it('says it is generated in its first lines', () => {
    for (const [path, content] of generateSource(solutionModel, '0.1.0.0', [])) {
      const [declaration, marker] = content.split('\n');
      expect({ path, declaration }).toEqual({ path, declaration: '<?xml version="1.0" encoding="utf-8"?>' });
      expect({ path, marker }).toEqual({ path, marker: `<!-- ${GENERATED_MARKER} -->` });
    }
  });

  it('maps the root package.json version to four parts and refuses pre-releases', () => {
    expect(toSolutionVersion('0.1.0')).toBe('0.1.0.0');
    expect(toSolutionVersion('12.3.45')).toBe('12.3.45.0');
    expect(() => toSolutionVersion('1.0.0-beta.1')).toThrow(/must be MAJOR.MINOR.PATCH/);
    const solution = readFileSync(join(SRC_DIR, 'Other/Solution.xml'), 'utf8');
    const rootVersion = (
      JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }
    ).version;
    expect(solution).toContain(`<Version>${toSolutionVersion(rootVersion)}</Version>`);
  });

  it('writes every system column and system relationship of a new table', () => {
    const files = generateSource(solutionModel, '0.1.0.0', []);
    for (const t of solutionModel.tables.filter((x) => x.isCustom)) {
      const entity = parser.parse(files.get(`Entities/${t.schemaName}/Entity.xml`)!) as {
        Entity: {
          EntityInfo: {
            entity: {
              attributes: { attribute: { LogicalName: string; Type: string }[] };
              OwnershipTypeMask: string;
            };
          };
        };
      };
      const attrs = entity.Entity.EntityInfo.entity.attributes.attribute;
      const names = attrs.map((a) => a.LogicalName);
      for (const required of [
        'createdon',
        'createdby',
        'modifiedon',
        'modifiedby',
        'ownerid',
        'owningbusinessunit',
        'owninguser',
        'owningteam',
        'statecode',
        'statuscode',
        'versionnumber',
        `${t.logicalName}id`,
      ])
        expect({ table: t.logicalName, has: names.includes(required) }).toEqual({
          table: t.logicalName,
          has: true,
        });
      expect(names).toEqual(expect.arrayContaining(systemColumns(t).map((s) => s.logicalName)));
      expect(attrs.find((a) => a.LogicalName === 'ownerid')!.Type).toBe('owner');
      expect(entity.Entity.EntityInfo.entity.OwnershipTypeMask).toBe('UserOwned');
    }
    const list = parser.parse(files.get('Other/Relationships.xml')!) as {
      EntityRelationships: { EntityRelationship: { '@Name': string }[] };
    };
    const rels = list.EntityRelationships.EntityRelationship.map((r) => r['@Name']);
    for (const suffix of [
      'lk_{t}_createdby',
      'lk_{t}_modifiedby',
      'lk_{t}_createdonbehalfby',
      'lk_{t}_modifiedonbehalfby',
      'owner_{t}',
      'business_unit_{t}',
      'team_{t}',
      'user_{t}',
    ])
      expect(rels).toContain(suffix.replace('{t}', 'dxc_synchistory'));
  });

  describe('with hand-authored flows', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'dxc-gen-'));
      cpSync(SRC_DIR, join(dir, 'src'), { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps Workflows/ untouched, removes files the model no longer makes, and lists flows as root components', () => {
      const src = join(dir, 'src');
      const flow = writeFlowFixture(src, { name: 'Sync invoices' });
      writeFileSync(join(src, 'OptionSets', 'dxc_obsolete.xml'), '<optionset Name="dxc_obsolete"/>');
      const before = readFileSync(join(src, 'Workflows', flow.jsonFile), 'utf8');
      const result = writeSource(src);
      expect(result.removed).toBe(1);
      expect(existsSync(join(src, 'OptionSets', 'dxc_obsolete.xml'))).toBe(false);
      expect(readFileSync(join(src, 'Workflows', flow.jsonFile), 'utf8')).toBe(before);
      expect(existsSync(join(src, 'Workflows', `${flow.jsonFile}.data.xml`))).toBe(true);
      const solution = parser.parse(readFileSync(join(src, 'Other/Solution.xml'), 'utf8')) as {
        ImportExportXml: {
          SolutionManifest: { RootComponents: { RootComponent: { '@type': string; '@id'?: string }[] } };
        };
      };
      const roots = solution.ImportExportXml.SolutionManifest.RootComponents.RootComponent;
      // Every flow in Workflows/ (the solution's own and the fixture) is a root component, and only those.
      const flowIds = readFlows(src).map((f) => f.workflowId);
      expect(flowIds).toContain(flow.workflowId);
      expect(roots.filter((r) => r['@type'] === '29').map((r) => r['@id'])).toEqual(
        expect.arrayContaining(flowIds.map((id) => `{${id}}`)),
      );
      expect(roots.filter((r) => r['@type'] === '29')).toHaveLength(flowIds.length);
    });

    it('refuses a flow definition without its metadata file', () => {
      const src = join(dir, 'src');
      const flow = writeFlowFixture(src, { name: 'Orphan' });
      rmSync(join(src, 'Workflows', `${flow.jsonFile}.data.xml`));
      expect(() => writeSource(src)).toThrow(/Workflows\/Orphan-.*\.json: its metadata file .* is missing/);
    });
  });
});
