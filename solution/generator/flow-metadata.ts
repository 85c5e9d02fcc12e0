import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

// Flows are authored by hand in src/Workflows (a `<Name>-<GUID>.json` definition and its `.json.data.xml`
// metadata, as `pac solution unpack` writes them). The generator only reads them: it never writes or deletes them.

export interface FlowFiles {
  /** File name of the definition, e.g. `SyncInvoices-1B2C….json`. */
  jsonFile: string;
  dataFile: string;
  workflowId: string;
  name: string;
  jsonFileName: string;
  definition: string;
  metadata: string;
}

export function readFlows(srcDir: string): FlowFiles[] {
  const dir = join(srcDir, 'Workflows');
  if (!existsSync(dir)) return [];
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
  const flows: FlowFiles[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json')) continue;
    const dataFile = `${file}.data.xml`;
    const dataPath = join(dir, dataFile);
    if (!existsSync(dataPath))
      throw new Error(`Workflows/${file}: its metadata file Workflows/${dataFile} is missing`);
    const metadata = readFileSync(dataPath, 'utf8');
    const parsed = parser.parse(metadata) as { Workflow?: Record<string, unknown> };
    const wf = parsed.Workflow;
    if (!wf) throw new Error(`Workflows/${dataFile}: root element must be <Workflow>`);
    const workflowId = String(wf['@WorkflowId'] ?? '')
      .replace(/[{}]/g, '')
      .toLowerCase();
    if (!/^[0-9a-f-]{36}$/.test(workflowId))
      throw new Error(`Workflows/${dataFile}: WorkflowId "${String(wf['@WorkflowId'])}" is not a GUID`);
    flows.push({
      jsonFile: file,
      dataFile,
      workflowId,
      name: String(wf['@Name'] ?? ''),
      jsonFileName: String(wf.JsonFileName ?? ''),
      definition: readFileSync(join(dir, file), 'utf8'),
      metadata,
    });
  }
  for (const file of readdirSync(dir))
    if (file.endsWith('.json.data.xml') && !existsSync(join(dir, file.replace(/\.data\.xml$/, ''))))
      throw new Error(
        `Workflows/${file}: its flow definition Workflows/${file.replace(/\.data\.xml$/, '')} is missing`,
      );
  return flows;
}
