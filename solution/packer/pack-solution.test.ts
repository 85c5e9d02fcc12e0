import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { writeSource } from '../generator/write-source';
import { writeFlowFixture } from '../testing/flow-fixtures';
import { makeControlsFixture, makePackWorkspace } from '../testing/pack-fixtures';
import { PackError, packSolution, zipFileName } from './pack-solution';

jest.setTimeout(120_000);

type Workspace = ReturnType<typeof makePackWorkspace>;
const pack = (w: Workspace, managed = false) => packSolution({ ...w, version: '0.1.0.0', managed });

describe('packing the solution', () => {
  let w: Workspace;
  beforeEach(() => {
    w = makePackWorkspace();
  });
  afterEach(() => rmSync(w.root, { recursive: true, force: true }));

  it('names zips as Dataverse exports do', () => {
    expect(zipFileName('DynamicsXeroConnector', '0.1.0.0', false)).toBe('DynamicsXeroConnector_0_1_0_0.zip');
    expect(zipFileName('DynamicsXeroConnector', '0.1.0.0', true)).toBe(
      'DynamicsXeroConnector_0_1_0_0_managed.zip',
    );
  });

  it('lays the zip out as an export: three root files first, forward slashes, artefact folders', async () => {
    const { zip } = await pack(w);
    const z = await JSZip.loadAsync(zip);
    const names = Object.keys(z.files);
    expect(names.slice(0, 3)).toEqual(['[Content_Types].xml', 'solution.xml', 'customizations.xml']);
    expect(names.every((n) => !n.includes('\\'))).toBe(true);
    expect(names.filter((n) => z.files[n]!.dir)).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining([
        'Connector/dxc_5Fdxc-20xero-20invoice-20sync_openapidefinition.json',
        'Connector/dxc_5Fdxc-20xero-20invoice-20sync_connectionparameters.json',
        'Connector/dxc_5Fdxc-20xero-20invoice-20sync_policytemplateinstances.json',
        'Connector/dxc_5Fdxc-20xero-20invoice-20sync_iconblob.Png',
        'Controls/dxc_Dxc.XeroInvoicePanel/ControlManifest.xml',
        'Controls/dxc_Dxc.XeroInvoicePanel/bundle.js',
        'Controls/dxc_Dxc.SyncHistoryTimeline/strings/SyncHistoryTimeline.1033.resx',
        'environmentvariabledefinitions/dxc_ProxyBaseUrl/environmentvariabledefinition.xml',
      ]),
    );
    const policies = JSON.parse(
      await z
        .file('Connector/dxc_5Fdxc-20xero-20invoice-20sync_policytemplateinstances.json')!
        .async('string'),
    ) as unknown[];
    expect(policies).toEqual([
      expect.objectContaining({
        TemplateId: 'dynamichosturl',
        Title: 'Proxy host',
        Type: null,
        Parameters: expect.any(Object),
      }),
    ]);
    const icon = await z
      .file('Connector/dxc_5Fdxc-20xero-20invoice-20sync_iconblob.Png')!
      .async('nodebuffer');
    expect(icon.equals(readFileSync(join(w.connectorDir, 'icon.png')))).toBe(true);
  });

  it('is byte-for-byte reproducible', async () => {
    const a = await pack(w);
    const b = await pack(w);
    expect(a.zip.equals(b.zip)).toBe(true);
  });

  it('makes the managed zip differ only where a managed export does (Managed flag)', async () => {
    const unmanaged = await pack(w, false);
    const managed = await pack(w, true);
    expect(unmanaged.entries.get('solution.xml')!.toString()).toContain('<Managed>0</Managed>');
    expect(managed.entries.get('solution.xml')!.toString()).toContain('<Managed>1</Managed>');
    const differing = [...managed.entries.keys()].filter(
      (k) => !managed.entries.get(k)!.equals(unmanaged.entries.get(k)!),
    );
    expect(differing).toEqual(['solution.xml']);
  });

  it('fails clearly when the connector package has not been built', async () => {
    unlinkSync(join(w.connectorDir, 'apiDefinition.swagger.json'));
    await expect(pack(w)).rejects.toThrow(PackError);
    await expect(pack(w)).rejects.toThrow(
      /apiDefinition\.swagger\.json missing: build the connector first \(`npm run build -w connector`\)/,
    );
  });

  it("refuses a connector package whose name or colour differ from the solution's connector", async () => {
    const swaggerPath = join(w.connectorDir, 'apiDefinition.swagger.json');
    writeFileSync(
      swaggerPath,
      readFileSync(swaggerPath, 'utf8').replace('DXC Xero Invoice Sync', 'Xero Sync'),
    );
    await expect(pack(w)).rejects.toThrow(
      /info\.title "Xero Sync" differs from the solution's connector display name "DXC Xero Invoice Sync"/,
    );
  });

  it('fails clearly when a PCF control has not been built', async () => {
    unlinkSync(join(w.controlsDir, 'SyncCentre', 'bundle.js'));
    await expect(pack(w)).rejects.toThrow(
      /PCF control dxc_Dxc\.SyncCentre: bundle\.js missing in .*SyncCentre: build the controls first/,
    );
  });

  it('packs only the manifest and the resources it declares, and refuses a declared resource that is missing', async () => {
    writeFileSync(join(w.controlsDir, 'SyncCentre', 'bundle.js.LICENSE.txt'), 'licence notes');
    const { entries } = await pack(w);
    expect([...entries.keys()].filter((n) => n.startsWith('Controls/dxc_Dxc.SyncCentre/'))).toEqual([
      'Controls/dxc_Dxc.SyncCentre/bundle.js',
      'Controls/dxc_Dxc.SyncCentre/ControlManifest.xml',
      'Controls/dxc_Dxc.SyncCentre/strings/SyncCentre.1033.resx',
    ]);
    unlinkSync(join(w.controlsDir, 'SyncCentre', 'strings', 'SyncCentre.1033.resx'));
    await expect(pack(w)).rejects.toThrow(/resource strings\/SyncCentre\.1033\.resx is declared but missing/);
  });

  it('refuses a form binding to a property the built manifest does not declare', async () => {
    rmSync(w.controlsDir, { recursive: true });
    makeControlsFixture(w.controlsDir, ['amountDue']);
    await expect(pack(w)).rejects.toThrow(
      /a form binds dxc_Dxc\.XeroInvoicePanel property "amountDue", which .* does not declare/,
    );
  });

  it('refuses a source whose version differs from the root package.json', async () => {
    await expect(packSolution({ ...w, version: '0.2.0.0', managed: false })).rejects.toThrow(
      /has version 0\.1\.0\.0 but package\.json says 0\.2\.0\.0: run `npm run generate -w solution`/,
    );
  });

  describe('flows', () => {
    it('packs a valid flow: definition in Workflows/, metadata merged into customizations.xml', async () => {
      const flow = writeFlowFixture(w.srcDir, { name: 'Sync invoices' });
      writeSource(w.srcDir);
      const { entries } = await pack(w);
      expect(entries.get(`Workflows/${flow.jsonFile}`)!.toString()).toBe(
        readFileSync(join(w.srcDir, 'Workflows', flow.jsonFile), 'utf8'),
      );
      const customizations = entries.get('customizations.xml')!.toString();
      expect(customizations).toContain(`WorkflowId="{${flow.workflowId}}"`);
      expect(customizations).toContain(`<JsonFileName>/Workflows/${flow.jsonFile}</JsonFileName>`);
      expect(entries.get('solution.xml')!.toString()).toContain(
        `<RootComponent type="29" id="{${flow.workflowId}}" behavior="0"/>`,
      );
    });

    it('refuses a flow whose connection reference the model does not declare', async () => {
      writeFlowFixture(w.srcDir, { name: 'Bad connection', connectionReference: 'dxc_SharePointConnection' });
      writeSource(w.srcDir);
      await expect(pack(w)).rejects.toThrow(
        /Workflows\/Badconnection-.*\.json: connection reference "shared_commondataserviceforapps" uses "dxc_SharePointConnection", which the solution does not declare/,
      );
    });

    it('refuses a flow whose environment variable the model does not declare', async () => {
      writeFlowFixture(w.srcDir, { name: 'Bad env var', environmentVariable: 'dxc_XeroTenant' });
      writeSource(w.srcDir);
      await expect(pack(w)).rejects.toThrow(
        /refers to environment variable "dxc_XeroTenant", which the solution does not declare/,
      );
    });

    it("refuses an expression using a parameter the flow does not declare (@parameters('dxc_…'))", async () => {
      writeFlowFixture(w.srcDir, { name: 'Bad expression', expression: "@parameters('dxc_ProxyKey')" });
      writeSource(w.srcDir);
      await expect(pack(w)).rejects.toThrow(
        /expression uses parameters\('dxc_ProxyKey'\), which the flow's definition does not declare/,
      );
    });

    it('refuses a flow added without regenerating (not a root component)', async () => {
      writeFlowFixture(w.srcDir, { name: 'Not generated' });
      await expect(pack(w)).rejects.toThrow(
        /not a root component of Other\/Solution\.xml: run `npm run generate -w solution`/,
      );
    });

    it('refuses a flow whose metadata points at another file', async () => {
      const flow = writeFlowFixture(w.srcDir, { name: 'Moved' });
      const dataPath = join(w.srcDir, 'Workflows', `${flow.jsonFile}.data.xml`);
      writeFileSync(
        dataPath,
        readFileSync(dataPath, 'utf8').replace(`/Workflows/${flow.jsonFile}`, '/Workflows/Elsewhere.json'),
      );
      writeSource(w.srcDir);
      await expect(pack(w)).rejects.toThrow(/metadata JsonFileName "\/Workflows\/Elsewhere\.json" must be/);
    });
  });
});
