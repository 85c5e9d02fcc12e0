import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';
import { writeSource } from '../generator/write-source';
import { listFiles } from '../generator/write-source';
import { downlevelCustomizations, downlevelForms, NEWER_THAN_XSD } from '../testing/downlevel';
import { validateAgainst, validateManyAgainst } from '../testing/dataverse-xsd';
import { writeFlowFixture } from '../testing/flow-fixtures';
import { makePackWorkspace } from '../testing/pack-fixtures';
import { packSolution } from './pack-solution';
import { unpackSolution } from './unpack-solution';
import { canonicalXml, children, parseXml, serialize } from './xml-dom';
import { choiceValue } from '../model';

jest.setTimeout(180_000);

// Checks the packed zip itself (not the model): Microsoft's XSDs, the structural cross-checks of
// reference/power-platform.md section 7 (a)–(e), the DESIGN.md section 4 vocabulary, and a round trip.

const ARRAYS = new Set([
  'Entity',
  'attribute',
  'RootComponent',
  'EntityRelationship',
  'optionset',
  'option',
  'connectionreference',
  'Workflow',
  'CustomControl',
  'Connector',
  'systemform',
  'savedquery',
  'Role',
  'RolePrivilege',
  'Default',
]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ARRAYS.has(name),
});

type Attr = { LogicalName: string; Type: string; OptionSetName?: string; MaxLength?: string };
type EntityX = {
  Name: { '#text': string };
  EntityInfo: { entity: { '@Name': string; attributes: { attribute: Attr[] } } };
};

let w: ReturnType<typeof makePackWorkspace>;
let zipBytes: Buffer;
let entries: Map<string, Buffer>;
let flow: { jsonFile: string; workflowId: string };
let customizations: {
  ImportExportXml: {
    Entities: { Entity: EntityX[] };
    EntityRelationships: {
      EntityRelationship: {
        '@Name': string;
        ReferencingEntityName: string;
        ReferencedEntityName: string;
        ReferencingAttributeName: string;
      }[];
    };
    optionsets: { optionset: { '@Name': string; options: { option: { '@value': string }[] } }[] };
    connectionreferences: { connectionreference: { '@connectionreferencelogicalname': string }[] };
    Workflows: { Workflow: { '@WorkflowId': string; JsonFileName: string }[] };
    Connectors: { Connector: Record<string, string>[] };
    CustomControls: { CustomControl: { Name: string; FileName: string }[] };
  };
};

beforeAll(async () => {
  w = makePackWorkspace();
  flow = writeFlowFixture(w.srcDir, { name: 'Sync invoices' });
  writeSource(w.srcDir);
  const packed = await packSolution({ ...w, version: '0.1.0.0', managed: false });
  zipBytes = packed.zip;
  entries = packed.entries;
  customizations = parser.parse(entries.get('customizations.xml')!.toString()) as typeof customizations;
});
afterAll(() => rmSync(w.root, { recursive: true, force: true }));

const xml = (name: string) => entries.get(name)!.toString('utf8');
const entity = (schema: string) =>
  customizations.ImportExportXml.Entities.Entity.find((e) => e.Name['#text'] === schema)!;

describe("Microsoft's customization schemas (9.0.0.2090, patched in memory as testing/dataverse-xsd.ts states)", () => {
  it('customizations.xml validates against CustomizationsSolution.xsd once the post-9.0 elements are set aside', async () => {
    const { xml: down, removed } = downlevelCustomizations(xml('customizations.xml'));
    // Exactly the documented newer-than-schema elements were found: anything else must validate.
    expect([...removed].sort()).toEqual(
      [
        ...NEWER_THAN_XSD.rootAttributes.map((a) => `@${a}`),
        ...NEWER_THAN_XSD.rootElements,
        ...NEWER_THAN_XSD.entityElements,
        ...NEWER_THAN_XSD.attributeElements,
        ...NEWER_THAN_XSD.formAttributes.map((a) => `form@${a}`),
        ...NEWER_THAN_XSD.workflowElements,
      ].sort(),
    );
    const result = await validateAgainst('CustomizationsSolution.xsd', down, 'customizations.xml');
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the schema check can fail: a wrong cascade value and an unknown element are reported', async () => {
    const broken = downlevelCustomizations(xml('customizations.xml'))
      .xml.replace('<CascadeDelete>RemoveLink</CascadeDelete>', '<CascadeDelete>Orphan</CascadeDelete>')
      .replace(
        '<IsAuditEnabled>1</IsAuditEnabled>',
        '<IsAuditEnabled>1</IsAuditEnabled><Colour>red</Colour>',
      );
    const result = await validateAgainst('CustomizationsSolution.xsd', broken, 'customizations.xml');
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/CascadeDelete.*Orphan/);
    expect(result.errors.join('\n')).toMatch(/Colour/);
  });

  it('every form validates against FormXml.xsd', async () => {
    const doc = parseXml(xml('customizations.xml'), 'customizations.xml');
    const forms: string[] = [];
    doc.root().each((n) => void (n.node.nodeName === 'form' && forms.push(serialize(n, false))), false, true);
    expect(forms.length).toBe(11);
    const documents = forms.map((form, i) => {
      const f = parseXml(form, 'form');
      downlevelForms(f.root(), new Set());
      return { fileName: `form-${i}.xml`, contents: serialize(f) };
    });
    const result = await validateManyAgainst('FormXml.xsd', documents);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("every view's FetchXML validates against Fetch.xsd", async () => {
    const doc = parseXml(xml('customizations.xml'), 'customizations.xml');
    const fetches: string[] = [];
    doc
      .root()
      .each((n) => void (n.node.nodeName === 'fetch' && fetches.push(serialize(n, false))), false, true);
    expect(fetches.length).toBe(46);
    const result = await validateManyAgainst(
      'Fetch.xsd',
      fetches.map((f, i) => ({ fileName: `fetch-${i}.xml`, contents: `<?xml version="1.0"?>\n${f}` })),
    );
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe('structural cross-checks (reference/power-platform.md section 7)', () => {
  it('(a) every Workflows/*.json has <Workflow> metadata with the same GUID and a type-29 root component', () => {
    const jsons = [...entries.keys()].filter((n) => /^Workflows\/.+\.json$/.test(n));
    // The solution's own flows, plus the fixture flow this suite adds to prove the checks on a flow of its own.
    const shipped = readdirSync(join(__dirname, '../src/Workflows')).filter((f) => f.endsWith('.json'));
    expect(jsons.sort()).toEqual([...shipped, flow.jsonFile].map((f) => `Workflows/${f}`).sort());
    const workflows = customizations.ImportExportXml.Workflows.Workflow;
    const solution = xml('solution.xml');
    for (const j of jsons) {
      const id = j
        .replace(/\.json$/, '')
        .slice(-36)
        .toLowerCase();
      expect(workflows.map((x) => [x['@WorkflowId'], x.JsonFileName])).toContainEqual([`{${id}}`, `/${j}`]);
      expect(solution).toContain(`<RootComponent type="29" id="{${id}}" behavior="0"/>`);
    }
  });

  it('(b) every connection reference a flow uses exists in <connectionreferences>', () => {
    const declared = customizations.ImportExportXml.connectionreferences.connectionreference.map(
      (c) => c['@connectionreferencelogicalname'],
    );
    for (const j of [...entries.keys()].filter((n) => /^Workflows\/.+\.json$/.test(n))) {
      const def = JSON.parse(xml(j)) as {
        properties: {
          connectionReferences: Record<string, { connection: { connectionReferenceLogicalName: string } }>;
        };
      };
      for (const ref of Object.values(def.properties.connectionReferences))
        expect(declared).toContain(ref.connection.connectionReferenceLogicalName);
    }
    expect(declared.sort()).toEqual([
      'dxc_DataverseConnection',
      'dxc_DataverseWebApiConnection',
      'dxc_XeroProxyConnection',
    ]);
  });

  it('(c) every file the connector and control metadata point at exists in the zip', () => {
    const [connector] = customizations.ImportExportXml.Connectors.Connector;
    for (const key of ['openapidefinition', 'connectionparameters', 'policytemplateinstances', 'iconblob'])
      expect({ key, present: entries.has(connector![key]!.replace(/^\//, '')) }).toEqual({
        key,
        present: true,
      });
    for (const cc of customizations.ImportExportXml.CustomControls.CustomControl)
      expect(entries.has(cc.FileName.replace(/^\//, ''))).toBe(true);
  });

  it('(d) [Content_Types].xml covers every file extension in the zip', () => {
    const types = parser.parse(xml('[Content_Types].xml')) as {
      Types: { Default: { '@Extension': string }[] };
    };
    const covered = new Set(types.Types.Default.map((d) => d['@Extension'].toLowerCase()));
    const used = new Set([...entries.keys()].map((n) => extname(n).slice(1).toLowerCase()));
    for (const e of used) expect({ e, covered: covered.has(e) }).toEqual({ e, covered: true });
    expect([...covered].sort()).toEqual(['js', 'json', 'png', 'resx', 'xml']);
  });

  it('(e) root entries are lowercase solution.xml / customizations.xml and names use forward slashes', async () => {
    const z = await JSZip.loadAsync(zipBytes);
    const names = Object.keys(z.files);
    expect(names).toEqual(
      expect.arrayContaining(['[Content_Types].xml', 'solution.xml', 'customizations.xml']),
    );
    expect(names.some((n) => /^(Solution|Customizations)\.xml$/.test(n))).toBe(false);
    expect(names.filter((n) => n.includes('\\'))).toEqual([]);
  });

  it('every lookup targets a declared table, and every relationship joins declared tables', () => {
    const ours = new Set(customizations.ImportExportXml.Entities.Entity.map((e) => e.Name['#text']));
    const platform = new Set(['SystemUser', 'BusinessUnit', 'Team', 'Owner', 'Product']);
    for (const r of customizations.ImportExportXml.EntityRelationships.EntityRelationship) {
      expect({ r: r['@Name'], referencing: ours.has(r.ReferencingEntityName) }).toEqual({
        r: r['@Name'],
        referencing: true,
      });
      expect({
        r: r['@Name'],
        referenced: ours.has(r.ReferencedEntityName) || platform.has(r.ReferencedEntityName),
      }).toEqual({ r: r['@Name'], referenced: true });
    }
    for (const e of customizations.ImportExportXml.Entities.Entity)
      for (const a of e.EntityInfo.entity.attributes.attribute.filter(
        (x) => x.Type === 'lookup' && x.LogicalName.startsWith('dxc_'),
      ))
        expect(
          customizations.ImportExportXml.EntityRelationships.EntityRelationship.some(
            (r) =>
              r.ReferencingEntityName === e.Name['#text'] &&
              r.ReferencingAttributeName.toLowerCase() === a.LogicalName,
          ),
        ).toBe(true);
  });

  it('every choice value carries the publisher option value prefix 71450', () => {
    const sets = customizations.ImportExportXml.optionsets.optionset;
    expect(sets.length).toBe(11);
    for (const s of sets) for (const o of s.options.option) expect(o['@value']).toMatch(/^71450\d{4}$/);
  });

  it('solution.xml lists every table, the connector, the controls, the flows, the role and the env var', () => {
    const s = parser.parse(xml('solution.xml')) as {
      ImportExportXml: {
        SolutionManifest: {
          UniqueName: string;
          Version: string;
          RootComponents: { RootComponent: Record<string, string>[] };
          Publisher: { CustomizationPrefix: string; CustomizationOptionValuePrefix: number };
        };
      };
    };
    const m = s.ImportExportXml.SolutionManifest;
    expect([
      m.UniqueName,
      m.Version,
      m.Publisher.CustomizationPrefix,
      m.Publisher.CustomizationOptionValuePrefix,
    ]).toEqual(['DynamicsXeroConnector', '0.1.0.0', 'dxc', 71450]);
    const roots = m.RootComponents.RootComponent.map((r) => `${r['@type']}:${r['@schemaName'] ?? r['@id']}`);
    for (const t of [
      'dxc_xeroconnection',
      'dxc_synchistory',
      'dxc_xerotaxrate',
      'dxc_xeroaccount',
      'dxc_xerobrandingtheme',
      'invoice',
      'invoicedetail',
      'account',
      'contact',
    ])
      expect(roots).toContain(`1:${t}`);
    expect(roots).toContain('372:dxc_5Fdxc-20xero-20invoice-20sync');
    for (const c of ['XeroInvoicePanel', 'CustomerBalanceCard', 'SyncHistoryTimeline', 'SyncCentre'])
      expect(roots).toContain(`66:dxc_Dxc.${c}`);
    expect(roots).toContain(`29:{${flow.workflowId}}`);
    expect(roots).toContain('380:dxc_ProxyBaseUrl');
    expect(roots.filter((r) => r.startsWith('20:'))).toHaveLength(1);
  });

  it('the security role grants what the seed product lists, with real privilege names', () => {
    const role = parser.parse(xml('customizations.xml')) as {
      ImportExportXml: {
        Roles: {
          Role: {
            '@name': string;
            RolePrivileges: { RolePrivilege: { '@name': string; '@level': string }[] };
          }[];
        };
      };
    };
    const [r] = role.ImportExportXml.Roles.Role;
    expect(r!['@name']).toBe('Xero Connector User');
    const privileges = r!.RolePrivileges.RolePrivilege.map((p) => `${p['@name']}:${p['@level']}`);
    for (const p of [
      'prvReadInvoice',
      'prvWriteInvoice',
      'prvReadAccount',
      'prvWriteAccount',
      'prvReadContact',
      'prvWriteContact',
      'prvReadProduct',
      'prvReadUser',
      'prvCreatedxc_SyncHistory',
      'prvWritedxc_XeroConnection',
      'prvReaddxc_XeroTaxRate',
      'prvAppendTodxc_XeroAccount',
      'prvReaddxc_XeroBrandingTheme',
    ])
      expect(privileges).toContain(`${p}:Global`);
    expect(privileges.some((p) => p.startsWith('prvWriteProduct') || p.startsWith('prvWriteUser'))).toBe(
      false,
    );
  });
});

// DESIGN.md section 4, written here by hand (not read from the model) so that a model drifting from the design fails.
const DESIGN: Record<string, Record<string, string>> = {
  dxc_XeroConnection: {
    dxc_name: 'nvarchar',
    dxc_tenantid: 'nvarchar',
    dxc_tenantname: 'nvarchar',
    dxc_shortcode: 'nvarchar',
    dxc_basecurrency: 'nvarchar',
    dxc_timezone: 'nvarchar',
    dxc_usexeroinvoicenumber: 'bit',
    dxc_createcontacts: 'bit',
    dxc_createproducts: 'bit',
    dxc_defaultinvoicestatus: 'picklist:Draft,Submitted,Authorised',
    dxc_defaultsalesaccountid: 'lookup:dxc_XeroAccount',
    dxc_defaultpurchaseaccountid: 'lookup:dxc_XeroAccount',
    dxc_cancellationpolicy: 'picklist:Credit note,Void,Do nothing',
    dxc_onlineinvoicelink: 'picklist:While the call budget allows,Always,Never',
    dxc_emailwhenauthorised: 'bit',
    dxc_importrequest: 'picklist:Idle,Requested,Running,Completed,Failed',
    dxc_importprogress: 'nvarchar',
    dxc_lastimporton: 'datetime',
    dxc_health: 'picklist:Unknown,Connected,Reconnect needed',
  },
  dxc_SyncHistory: {
    dxc_name: 'nvarchar',
    dxc_invoiceid: 'lookup:Invoice',
    dxc_connectionid: 'lookup:dxc_XeroConnection',
    dxc_eventon: 'datetime',
    dxc_action: 'picklist:Create,Update,Delete,Void,Credit note,Status,Payment,Import,Balance,Email',
    dxc_details: 'ntext',
    dxc_status: 'picklist:Successful,Failed',
  },
  dxc_XeroTaxRate: {
    dxc_name: 'nvarchar',
    dxc_taxtype: 'nvarchar',
    dxc_rate: 'decimal',
    dxc_status: 'nvarchar',
    dxc_connectionid: 'lookup:dxc_XeroConnection',
  },
  dxc_XeroAccount: {
    dxc_name: 'nvarchar',
    dxc_code: 'nvarchar',
    dxc_type: 'nvarchar',
    dxc_class: 'nvarchar',
    dxc_taxtype: 'nvarchar',
    dxc_status: 'nvarchar',
    dxc_connectionid: 'lookup:dxc_XeroConnection',
  },
  dxc_XeroBrandingTheme: {
    dxc_name: 'nvarchar',
    dxc_themeid: 'nvarchar',
    dxc_sortorder: 'int',
    dxc_connectionid: 'lookup:dxc_XeroConnection',
  },
  Invoice: {
    dxc_connectionid: 'lookup:dxc_XeroConnection',
    dxc_invoicetype: 'picklist:Sales invoice,Purchase invoice,Sales credit note,Purchase credit note',
    dxc_creditedinvoiceid: 'lookup:Invoice',
    dxc_lineamounttypes: 'picklist:Exclusive,Inclusive,No tax',
    dxc_brandingthemeid: 'lookup:dxc_XeroBrandingTheme',
    dxc_xeroinvoiceid: 'nvarchar',
    dxc_xeroinvoicenumber: 'nvarchar',
    dxc_xerostatus: 'picklist:Draft,Submitted,Authorised,Paid,Voided,Deleted',
    dxc_xerourl: 'nvarchar',
    dxc_onlineinvoiceurl: 'nvarchar',
    dxc_exportstatus: 'picklist:No,Yes,Failed',
    dxc_exportedon: 'datetime',
    dxc_amountdue: 'money',
    dxc_amountpaid: 'money',
    dxc_lastsyncmessage: 'ntext',
  },
  InvoiceDetail: { dxc_accountid: 'lookup:dxc_XeroAccount', dxc_taxrateid: 'lookup:dxc_XeroTaxRate' },
  Account: {
    dxc_xerocontactid: 'nvarchar',
    dxc_amountowed: 'money',
    dxc_amountoverdue: 'money',
    dxc_balancesyncedon: 'datetime',
  },
  Contact: {
    dxc_xerocontactid: 'nvarchar',
    dxc_amountowed: 'money',
    dxc_amountoverdue: 'money',
    dxc_balancesyncedon: 'datetime',
  },
};
const DESIGN_KEYS: Record<string, [string, string][]> = {
  dxc_XeroTaxRate: [['dxc_ConnectionId', 'dxc_TaxType']].map((k) => k as [string, string]),
  dxc_XeroAccount: [['dxc_ConnectionId', 'dxc_Code']],
  dxc_XeroBrandingTheme: [['dxc_ConnectionId', 'dxc_ThemeId']],
};

describe('DESIGN.md section 4 vocabulary, checked in the packed zip', () => {
  it.each(Object.keys(DESIGN))('%s has every column DESIGN names, with the stated type', (schema) => {
    const e = entity(schema);
    expect(e).toBeDefined();
    const attrs = e.EntityInfo.entity.attributes.attribute;
    const rels = customizations.ImportExportXml.EntityRelationships.EntityRelationship;
    const sets = customizations.ImportExportXml.optionsets.optionset;
    const cust = xml('customizations.xml');
    for (const [column, expected] of Object.entries(DESIGN[schema]!)) {
      const a = attrs.find((x) => x.LogicalName === column);
      expect({ column, present: Boolean(a) }).toEqual({ column, present: true });
      const [type, detail] = expected.split(':');
      expect({ column, type: a!.Type }).toEqual({ column, type });
      if (type === 'lookup') {
        const rel = rels.find(
          (r) => r.ReferencingEntityName === schema && r.ReferencingAttributeName.toLowerCase() === column,
        );
        expect({ column, target: rel?.ReferencedEntityName }).toEqual({ column, target: detail });
      }
      if (type === 'picklist') {
        const set = sets.find((s) => s['@Name'] === a!.OptionSetName)!;
        const labels = detail!.split(',');
        const values = set.options.option.map((o) => Number(o['@value']));
        // The numbering is the subject here: the publisher's prefix 71450, then 0000, 0001, … in DESIGN's order.
        expect({ column, values }).toEqual({ column, values: labels.map((_, i) => 714500000 + i) });
        for (const l of labels) expect(cust).toContain(`description="${l}"`);
      }
    }
  });

  it('reference tables carry the alternate keys DESIGN names', () => {
    for (const [schema, keys] of Object.entries(DESIGN_KEYS)) {
      const k = (
        parser.parse(xml('customizations.xml')) as {
          ImportExportXml: {
            Entities: {
              Entity: {
                Name: { '#text': string };
                EntityInfo: {
                  entity: { EntityKeys: { EntityKey: { EntityKeyAttributes: { AttributeName: string[] } } } };
                };
              }[];
            };
          };
        }
      ).ImportExportXml.Entities.Entity.find((e) => e.Name['#text'] === schema)!.EntityInfo.entity.EntityKeys
        .EntityKey;
      expect(k.EntityKeyAttributes.AttributeName).toEqual(keys[0]);
    }
  });

  it('the entity set names are the ones flows and the emulator use', () => {
    const sets = Object.fromEntries(
      customizations.ImportExportXml.Entities.Entity.filter((e) => e.Name['#text'].startsWith('dxc_')).map(
        (e) => [e.Name['#text'], (e.EntityInfo.entity as unknown as { EntitySetName: string }).EntitySetName],
      ),
    );
    expect(sets).toEqual({
      dxc_XeroConnection: 'dxc_xeroconnections',
      dxc_SyncHistory: 'dxc_synchistories',
      dxc_XeroTaxRate: 'dxc_xerotaxrates',
      dxc_XeroAccount: 'dxc_xeroaccounts',
      dxc_XeroBrandingTheme: 'dxc_xerobrandingthemes',
      dxc_XeroTrackingCategory: 'dxc_xerotrackingcategories',
      dxc_XeroTrackingOption: 'dxc_xerotrackingoptions',
    });
  });

  it('forms bind the PCF controls where DESIGN places them', () => {
    const cust = xml('customizations.xml');
    const formOf = (schema: string) => {
      const doc = parseXml(cust, 'customizations.xml');
      const e = children(children(doc.root(), 'Entities')[0]!, 'Entity').find(
        (x) => x.node.textContent && children(x, 'Name')[0]!.node.textContent === schema,
      )!;
      return serialize(e, false);
    };
    expect(formOf('Invoice')).toMatch(/<customControl formFactor="0" name="dxc_Dxc.XeroInvoicePanel">/);
    expect(formOf('Invoice')).toMatch(
      /<customControl formFactor="0" name="dxc_Dxc.SyncHistoryTimeline">[\s\S]*?<data-set name="history">/,
    );
    expect(formOf('Account')).toMatch(/name="dxc_Dxc.CustomerBalanceCard"/);
    expect(formOf('Contact')).toMatch(/name="dxc_Dxc.CustomerBalanceCard"/);
    expect(formOf('dxc_XeroConnection')).toMatch(/name="dxc_Dxc.SyncCentre"/);
  });

  it('invoice views "Ready to sync", "Failed to sync" and "Synced to Xero" filter on the export status', () => {
    const inv = xml('customizations.xml');
    for (const [name, value] of [
      ['Ready to sync', choiceValue('dxc_exportstatus', 'No')],
      ['Failed to sync', choiceValue('dxc_exportstatus', 'Failed')],
      ['Synced to Xero', choiceValue('dxc_exportstatus', 'Yes')],
    ]) {
      const at = inv.indexOf(`description="${name}"`);
      expect(at).toBeGreaterThan(0);
      const query = inv.slice(inv.lastIndexOf('<savedquery>', at), at);
      expect(query).toContain(`<condition attribute="dxc_exportstatus" operator="eq" value="${value}"/>`);
    }
  });
});

describe('round trip', () => {
  it('unpacking our zip gives back solution/src: same components, same content', async () => {
    const unpacked = await unpackSolution(zipBytes);
    expect(unpacked.managed).toBe(false);
    const src = listFiles(w.srcDir).sort();
    expect([...unpacked.source.keys()].sort()).toEqual(src);
    for (const path of src) {
      const original = readFileSync(join(w.srcDir, path), 'utf8');
      const back = unpacked.source.get(path)!;
      if (path.endsWith('.json')) expect(back).toBe(original);
      else
        expect({ path, xml: canonicalXml(back, path) }).toEqual({ path, xml: canonicalXml(original, path) });
    }
    // The artefacts pulled from other workspaces come back byte for byte.
    expect(
      unpacked.artefacts
        .get('Controls/dxc_Dxc.XeroInvoicePanel/bundle.js')!
        .equals(readFileSync(join(w.controlsDir, 'XeroInvoicePanel', 'bundle.js'))),
    ).toBe(true);
    expect(
      unpacked.artefacts
        .get('Connector/dxc_5Fdxc-20xero-20invoice-20sync_openapidefinition.json')!
        .toString(),
    ).toBe(readFileSync(join(w.connectorDir, 'apiDefinition.swagger.json'), 'utf8'));
  });

  it('the managed zip unpacks to the same source, flagged managed', async () => {
    const managed = await packSolution({ ...w, version: '0.1.0.0', managed: true });
    const a = await unpackSolution(managed.zip);
    const b = await unpackSolution(zipBytes);
    expect(a.managed).toBe(true);
    expect([...a.source.entries()]).toEqual([...b.source.entries()]);
  });

  it('re-packing the unpacked source gives the same zip', async () => {
    const unpacked = await unpackSolution(zipBytes);
    const again = await packSolution({ ...w, version: '0.1.0.0', managed: false });
    expect(again.zip.equals(zipBytes)).toBe(true);
    expect(unpacked.source.size).toBeGreaterThan(80);
  });
});
