/** Below this width (px) panels stack their label/value pairs vertically. */
export const NARROW_WIDTH = 480;

/**
 * `allocatedWidth` is -1 (or 0) until the host measures the container; treat unknown as wide, the form's usual case.
 */
export function isNarrowWidth(allocatedWidth: number | undefined): boolean {
  return typeof allocatedWidth === 'number' && allocatedWidth > 0 && allocatedWidth < NARROW_WIDTH;
}
