/**
 * The repository's import graph, resolved the way tsc resolves it (tsconfig.base.json: Node16, package `exports`,
 * workspace links followed to their real paths), so that `@dxc/proxy-service/testing` and `../store/store` land on
 * files alike. Each edge says whether it is types only (erased at run time).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** One import: `from` imports `to` (both relative to the repository root), written as `specifier`. */
export interface ImportEdge {
  from: string;
  to: string;
  specifier: string;
  /** `import type`: compile time only. */
  typeOnly: boolean;
}

const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  'out',
  'coverage',
  'data',
  'test-artifacts',
  '.git',
]);

/** Every TypeScript source under `folder` (relative to the repository root), build output and packages aside. */
export function typeScriptFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(relative);
      } else if (/\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        found.push(relative);
      }
    }
  };
  walk(folder);
  return found.sort();
}

function compilerOptions(): ts.CompilerOptions {
  const configFile = path.join(REPO_ROOT, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, REPO_ROOT).options;
}

/** Whether an import declaration brings in types only (erased: no module is loaded at run time). */
function typeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

/** What a file imports: import and export declarations, `import()` and `require()`, each marked if types only. */
export function importsOf(text: string, fileName = 'module.ts'): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: typeOnlyImport(node) });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0]!)
    ) {
      const callee = node.expression;
      const loads =
        callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
      if (loads) found.push({ specifier: (node.arguments[0] as ts.StringLiteral).text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) found.push({ specifier: literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The edges from `files` to the repository's own files (packages from the registry and Node's modules left out). */
export function importGraph(files: readonly string[]): ImportEdge[] {
  const options = compilerOptions();
  const cache = ts.createModuleResolutionCache(REPO_ROOT, (name) => name, options);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const absolute = path.join(REPO_ROOT, from);
    for (const { specifier, typeOnly } of importsOf(fs.readFileSync(absolute, 'utf8'), from)) {
      const resolved = ts.resolveModuleName(specifier, absolute, options, ts.sys, cache).resolvedModule;
      if (!resolved) continue;
      const to = path
        .relative(REPO_ROOT, fs.realpathSync(resolved.resolvedFileName))
        .split(path.sep)
        .join('/');
      if (to.startsWith('..') || to.split('/').includes('node_modules')) continue;
      edges.push({ from, to, specifier, typeOnly });
    }
  }
  return edges;
}
