/**
 * No cycles between the folders of proxy-service/src, nor between workspaces. A cycle means neither side can be
 * understood, tested or moved without the other. Only imports that load a module count: `import type` is erased, and
 * the layering rules allow types where values are forbidden (domain/ may name the store's records).
 */
import { describeCycle, folderCycles, folderGraph } from './folder-cycles';
import { importGraph, typeScriptFiles, type ImportEdge } from './import-graph';

// Building the graph parses every TypeScript file of the repository.
jest.setTimeout(180_000);

const TEST_CODE = /\.test\.tsx?$|\/test-support\/|\/testing\/|^proxy-service\/src\/testing[^/]*\.ts$/;

/** proxy-service/src's folders (`store/`) and root modules (`create-proxy.ts`); test code is not part of them. */
function proxyFolderOf(file: string): string | undefined {
  const match = /^proxy-service\/src\/([^/]+)(\/)?/.exec(file);
  if (!match || TEST_CODE.test(file)) return undefined;
  return match[2] ? `${match[1]}/` : match[1];
}

const WORKSPACES = [
  'sandbox/xero',
  'sandbox/flows',
  'sandbox/dataverse',
  'openapi',
  'connector',
  'proxy-service',
];
const MORE_WORKSPACES = ['pcf-controls', 'solution', 'test', 'bench'];

/**
 * The workspace a file belongs to. The root package's scripts/ holds both helpers every workspace may import
 * (seeded-random, reference-specs) and the demo, which imports the workspaces: each of its folders is its own node.
 */
function workspaceOf(file: string): string | undefined {
  const workspace = [...WORKSPACES, ...MORE_WORKSPACES].find((name) => file.startsWith(`${name}/`));
  if (workspace) return workspace;
  const scripts = /^scripts\/(?:([^/]+)\/)?/.exec(file);
  return scripts ? (scripts[1] ? `scripts/${scripts[1]}` : 'scripts') : undefined;
}

/**
 * A relative import into another workspace. The root package's scripts/ is not a package one can depend on: its
 * helpers (seeded-random, reference-specs, the jest set-up) are meant to be imported by relative path.
 */
function crossesByRelativePath(edge: ImportEdge): boolean {
  const from = workspaceOf(edge.from);
  const to = workspaceOf(edge.to);
  return edge.specifier.startsWith('.') && from !== to && !to?.startsWith('scripts');
}

/** A cycle report that names every cycle, or '' when there is none. */
function cycleReport(
  edges: ImportEdge[],
  folderOf: (file: string) => string | undefined,
  allowed: string[],
): string {
  const graph = folderGraph(
    edges.filter((edge) => !edge.typeOnly),
    folderOf,
  );
  for (const edge of allowed) {
    const [from, to] = edge.split(' → ') as [string, string];
    if (!graph.get(from)?.delete(to)) throw new Error(`${edge} is allowed but no longer imported: remove it`);
  }
  return folderCycles(graph).map(describeCycle).join('\n\n');
}

describe('the repository', () => {
  let edges: ImportEdge[];
  beforeAll(() => {
    const folders = [...WORKSPACES, ...MORE_WORKSPACES, 'scripts'];
    edges = importGraph(folders.flatMap(typeScriptFiles));
  });

  test('the folders of proxy-service/src import each other without cycles', () => {
    expect(cycleReport(edges, proxyFolderOf, [])).toBe('');
  });

  test('workspaces import each other without cycles (their tests included)', () => {
    expect(cycleReport(edges, workspaceOf, [])).toBe('');
  });

  test("workspaces reach each other by package name, never by a relative path or a path into a package's src/", () => {
    const crossings = edges
      .filter((edge) => /^@dxc\/[^/]+\/src\//.test(edge.specifier) || crossesByRelativePath(edge))
      .map((edge) => `${edge.from} imports '${edge.specifier}'`);
    expect(crossings).toEqual([]);
  });

  test('the graph holds the imports through package entry points and relative paths alike', () => {
    const has = (from: string, to: string): boolean =>
      edges.some((edge) => edge.from === from && edge.to === to);
    expect(has('bench/sync/chaos.ts', 'proxy-service/src/testing.ts')).toBe(true);
    expect(has('proxy-service/src/main.ts', 'proxy-service/src/sandbox-mode.ts')).toBe(true);
    expect(edges.filter((edge) => edge.from === 'proxy-service/src/http/api-keys.ts')).toContainEqual(
      expect.objectContaining({ to: 'proxy-service/src/store/store.ts', typeOnly: true }),
    );
  });
});

describe('the cycle check', () => {
  const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({
    from,
    to,
    specifier: `./${to}`,
    typeOnly,
  });
  const topFolder = (file: string): string => `${file.split('/')[0]}/`;

  test('names each cycle with one import per edge', () => {
    const planted = [
      edge('a/one.ts', 'b/two.ts'),
      edge('b/two.ts', 'a/three.ts'),
      edge('b/four.ts', 'c/five.ts'),
      edge('c/five.ts', 'a/one.ts'),
      edge('a/one.ts', 'd/leaf.ts'),
    ];
    expect(cycleReport(planted, topFolder, []).split('\n\n')).toEqual([
      [
        'a/ → b/ → a/',
        "  a/ → b/: a/one.ts imports './b/two.ts'",
        "  b/ → a/: b/two.ts imports './a/three.ts'",
      ].join('\n'),
      [
        'a/ → b/ → c/ → a/',
        "  a/ → b/: a/one.ts imports './b/two.ts'",
        "  b/ → c/: b/four.ts imports './c/five.ts'",
        "  c/ → a/: c/five.ts imports './a/one.ts'",
      ].join('\n'),
    ]);
  });

  test('imports within a folder, type-only imports and allowed edges make no cycle', () => {
    const planted = [
      edge('a/one.ts', 'a/two.ts'),
      edge('a/two.ts', 'a/one.ts'),
      edge('a/one.ts', 'b/two.ts'),
    ];
    expect(cycleReport([...planted, edge('b/two.ts', 'a/one.ts', true)], topFolder, [])).toBe('');
    expect(cycleReport([...planted, edge('b/two.ts', 'a/one.ts')], topFolder, ['b/ → a/'])).toBe('');
  });

  test('an allowed edge that is gone must leave the list', () => {
    expect(() => cycleReport([edge('a/one.ts', 'b/two.ts')], topFolder, ['b/ → a/'])).toThrow(
      /no longer imported/,
    );
  });
});
