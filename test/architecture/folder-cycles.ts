/**
 * Cycles between folders: the import graph collapsed to one node per folder, then every elementary cycle of it,
 * each edge shown with one import that makes it.
 */
import type { ImportEdge } from './import-graph';

/** A folder cycle as found: `folders[0] → folders[1] → … → folders[0]`, one example import per edge. */
export interface FolderCycle {
  folders: string[];
  examples: string[];
}

/** The folder graph: for each folder the folders it imports, with the first import (in file order) doing so. */
export function folderGraph(
  edges: readonly ImportEdge[],
  folderOf: (file: string) => string | undefined,
): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  const sorted = [...edges].sort(
    (a, b) => a.from.localeCompare(b.from) || a.specifier.localeCompare(b.specifier),
  );
  for (const edge of sorted) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    const targets = graph.get(from) ?? new Map<string, string>();
    if (!targets.has(to)) targets.set(to, `${edge.from} imports '${edge.specifier}'`);
    graph.set(from, targets);
  }
  return graph;
}

/**
 * Every elementary cycle, each once, starting at its alphabetically first folder (so a cycle is named the same way
 * on every run). Stops after `limit` cycles: a graph that tangled needs no complete list to be fixed.
 */
export function folderCycles(graph: Map<string, Map<string, string>>, limit = 100): FolderCycle[] {
  const folders = [
    ...new Set([...graph.keys(), ...[...graph.values()].flatMap((t) => [...t.keys()])]),
  ].sort();
  const cycles: FolderCycle[] = [];
  for (const start of folders) {
    // Only folders after `start` may appear on the way, so each cycle is found from its first folder alone.
    const path = [start];
    const extend = (at: string): void => {
      for (const next of [...(graph.get(at)?.keys() ?? [])].sort()) {
        if (cycles.length >= limit) return;
        if (next === start) {
          const folders = [...path];
          const examples = folders.map((from, i) =>
            graph.get(from)!.get(folders[(i + 1) % folders.length]!)!,
          );
          cycles.push({ folders, examples });
        } else if (next > start && !path.includes(next)) {
          path.push(next);
          extend(next);
          path.pop();
        }
      }
    };
    extend(start);
  }
  return cycles;
}

/** `a → b → a` with the import making each edge, one per line. */
export function describeCycle(cycle: FolderCycle): string {
  const lines = cycle.folders.map((from, i) => {
    const to = cycle.folders[(i + 1) % cycle.folders.length];
    return `  ${from} → ${to}: ${cycle.examples[i]}`;
  });
  return [`${[...cycle.folders, cycle.folders[0]].join(' → ')}`, ...lines].join('\n');
}
