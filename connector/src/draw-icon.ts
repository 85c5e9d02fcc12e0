import { PNG } from 'pngjs';

/** Power Platform shows connector icons on a square tile; 230×230 is the size certified connectors use. */
export const iconSize = 230;

// Supersampling per axis: 4×4 samples per pixel give smooth edges while staying exact integer arithmetic.
const samples = 4;

type Point = readonly [number, number];
type Triangle = readonly [Point, Point, Point];
interface Arrow {
  shaft: { left: number; right: number; top: number; bottom: number };
  head: Triangle;
}

// Our mark: two bold arrows, Dynamics 365 → Xero above and Xero → Dynamics 365 below, white on the brand colour.
// Coordinates are in a 230-unit square.
const arrows: Arrow[] = [
  {
    shaft: { left: 44, right: 150, top: 66, bottom: 100 },
    head: [
      [146, 42],
      [146, 124],
      [190, 83],
    ],
  },
  {
    shaft: { left: 80, right: 186, top: 130, bottom: 164 },
    head: [
      [84, 106],
      [84, 188],
      [40, 147],
    ],
  },
];

/**
 * Draws the connector icon: a solid `brandColor` background with the white mark. Pure and deterministic (no fonts,
 * no randomness), so the committed icon.png can be checked against it pixel by pixel.
 */
export function drawIcon(brandColor: string, size: number = iconSize): PNG {
  const background = parseHexColor(brandColor);
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const scale = 230 / size;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let covered = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const px = (x + (sx + 0.5) / samples) * scale;
          const py = (y + (sy + 0.5) / samples) * scale;
          if (arrows.some((arrow) => insideArrow(arrow, px, py))) covered += 1;
        }
      }
      const share = covered / (samples * samples);
      const offset = (y * size + x) * 4;
      for (let channel = 0; channel < 3; channel += 1) {
        png.data[offset + channel] = Math.round(background[channel]! * (1 - share) + 255 * share);
      }
      png.data[offset + 3] = 255;
    }
  }
  return png;
}

/** Encodes the icon as PNG bytes. */
export function encodeIcon(png: PNG): Buffer {
  return PNG.sync.write(png, { colorType: 6 });
}

/** `#RRGGBB` → [r, g, b]; throws naming the value otherwise. */
export function parseHexColor(color: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) throw new Error(`iconBrandColor must be a #RRGGBB colour, got ${JSON.stringify(color)}`);
  return [parseInt(match[1]!, 16), parseInt(match[2]!, 16), parseInt(match[3]!, 16)];
}

function insideArrow({ shaft, head }: Arrow, x: number, y: number): boolean {
  const inShaft = x >= shaft.left && x <= shaft.right && y >= shaft.top && y <= shaft.bottom;
  return inShaft || insideTriangle(head, x, y);
}

function insideTriangle([a, b, c]: Triangle, x: number, y: number): boolean {
  const side = (p: Point, q: Point): number => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const d1 = side(a, b);
  const d2 = side(b, c);
  const d3 = side(c, a);
  const hasNegative = d1 < 0 || d2 < 0 || d3 < 0;
  const hasPositive = d1 > 0 || d2 > 0 || d3 > 0;
  return !(hasNegative && hasPositive);
}
