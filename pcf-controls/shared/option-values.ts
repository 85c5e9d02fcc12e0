// Choice values of the Dataverse model (DESIGN.md §4: 714500000, 714500001, … in the order listed).
export const CHOICE_BASE = 714500000;

/** Index of a choice value in its list (0 for 714500000), or undefined when absent or out of range. */
export function choiceIndex(value: number | null | undefined, count: number): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  const index = value - CHOICE_BASE;
  return index >= 0 && index < count ? index : undefined;
}
