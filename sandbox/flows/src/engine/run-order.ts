import type { ActionRecord } from './run-history';

/**
 * A container's records in the order they ran: an action starts when the actions it runs after have finished, so
 * it comes after them — in waves (the actions with no predecessor here first, then those that waited for one wave,
 * and so on), keeping definition order within a wave. The history keeps definition order, which an exported flow
 * does not promise to match the run (a Catch scope may be written before its Try).
 */
export function inRunOrder(records: ActionRecord[]): ActionRecord[] {
  const byName = new Map(records.map((r) => [r.name, r]));
  const wave = new Map<string, number>();
  const waveOf = (record: ActionRecord, seen: Set<string>): number => {
    const known = wave.get(record.name);
    if (known !== undefined) return known;
    let w = 0;
    for (const { action } of record.runAfter ?? []) {
      const predecessor = byName.get(action);
      // A cycle cannot pass the save-time checks; the guard only keeps a hand-made history from looping.
      if (predecessor && !seen.has(action))
        w = Math.max(w, waveOf(predecessor, new Set(seen).add(record.name)) + 1);
    }
    wave.set(record.name, w);
    return w;
  };
  return records
    .map((record, index) => ({ record, index, wave: waveOf(record, new Set()) }))
    .sort((a, b) => a.wave - b.wave || a.index - b.index)
    .map((x) => x.record);
}
