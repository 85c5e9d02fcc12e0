/**
 * @jest-environment node
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLogProblem, controlOutputProblems, manifestPropertyNames } from './build-checks';

const INPUT = `<manifest><control namespace="Dxc" constructor="Sample" version="1.0.0" display-name-key="n">
  <property name="status" display-name-key="a" of-type="OptionSet" usage="bound" />
  <data-set name="rows" display-name-key="r"><property-set name="eventOn" display-name-key="e" of-type="DateAndTime.DateAndTime" usage="bound" /></data-set>
</control></manifest>`;
const STUB = `if (window.ComponentFramework && window.ComponentFramework.registerControl) {\n\tComponentFramework.registerControl('Dxc.Sample', x.Sample);\n}`;

describe('controls build gate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pcf-out-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeOutput(files: { bundle?: string; manifest?: string; resx?: string }): void {
    mkdirSync(join(dir, 'strings'), { recursive: true });
    if (files.bundle !== undefined) writeFileSync(join(dir, 'bundle.js'), files.bundle);
    if (files.manifest !== undefined) writeFileSync(join(dir, 'ControlManifest.xml'), files.manifest);
    if (files.resx !== undefined) writeFileSync(join(dir, 'strings', 'Sample.1033.resx'), files.resx);
  }

  it('fails on pcf-scripts logs that report failure even though it exited 0', () => {
    expect(buildLogProblem('[build] Validating manifest...\n[build] Failed: [pcf-1033] TS2322')).toMatch(
      /Failed/,
    );
    expect(buildLogProblem('[build] Compiling and bundling control...')).toMatch(/did not report/);
    expect(buildLogProblem('[build] Generating build outputs...\n[build] Succeeded')).toBeUndefined();
  });

  it('accepts a complete output whose manifest lists exactly the input properties', () => {
    writeOutput({
      bundle: `!function(){}();${STUB}`,
      manifest: INPUT.replace('version="1.0.0"', 'version="1.0.0" api-version="1.3.18"'),
      resx: '<root/>',
    });
    expect(controlOutputProblems('Sample', dir, INPUT)).toEqual([]);
    expect(manifestPropertyNames(INPUT)).toEqual(['eventOn', 'status']);
  });

  it('names missing or empty files', () => {
    writeOutput({ bundle: '', manifest: INPUT });
    expect(controlOutputProblems('Sample', dir, INPUT)).toEqual([
      'out/controls/Sample/bundle.js is missing or empty',
      `out/controls/Sample/${join('strings', 'Sample.1033.resx')} is missing or empty`,
    ]);
  });

  it('rejects a bundle with React inside, without its registration, or a manifest with leaked properties', () => {
    writeOutput({
      bundle: 'var __SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED = {};',
      manifest: INPUT.replace(
        '</data-set>',
        '</data-set><property name="history" display-name-key="h" of-type="SingleLine.Text" usage="input" />',
      ),
      resx: '<root/>',
    });
    expect(controlOutputProblems('Sample', dir, INPUT)).toEqual([
      'out/controls/Sample/bundle.js contains a copy of React or react-dom (must use the platform library)',
      'out/controls/Sample/bundle.js lacks the registration stub for Dxc.Sample',
      'out/controls/Sample/ControlManifest.xml lists properties [eventOn,history,status], the input manifest [eventOn,status]',
    ]);
  });
});
