import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { REFERENCE_SPECS_DIR, referenceSpec } from '../../scripts/reference-specs';

// Several suites compare with the upstream copy only "when present"; a wrong folder would silently skip them.
describe('the shared reference specs folder', () => {
  it('is shared/reference/specs beside the repository, holding SOURCES.md', () => {
    expect(basename(REFERENCE_SPECS_DIR)).toBe('specs');
    expect(basename(dirname(REFERENCE_SPECS_DIR))).toBe('reference');
    expect(existsSync(referenceSpec('SOURCES.md'))).toBe(true);
  });

  it.each([
    ['logic-apps', 'workflowdefinition.json'],
    ['sample-flows'],
    ['xero', 'xero_accounting.yaml'],
    ['power-platform-connectors'],
    ['dataverse-solution'],
  ])('has %s, which the tests read', (...segments: string[]) => {
    expect(existsSync(referenceSpec(...segments))).toBe(true);
  });
});
