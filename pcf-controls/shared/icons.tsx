import * as React from 'react';

// Inline SVG glyphs. Fluent's icon font needs `initializeIcons()` (a CDN download) and the platform does not promise
// to have registered it, so the controls carry their own few glyphs. They inherit `currentColor`, which maps to a
// system colour in forced-colours (high contrast) mode.
export type GlyphName =
  'success' | 'error' | 'warning' | 'info' | 'pending' | 'running' | 'unknown' | 'chevron' | 'external';

const PATHS: Record<GlyphName, string> = {
  success: 'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1Zm3.1 4.4-4 4.2-2-2-1 1 3 3 5-5.2-1-1Z',
  error:
    'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1ZM5.7 4.6 4.6 5.7 6.9 8l-2.3 2.3 1.1 1.1L8 9.1l2.3 2.3 1.1-1.1L9.1 8l2.3-2.3-1.1-1.1L8 6.9 5.7 4.6Z',
  warning: 'M8 1.5 15.2 14H.8L8 1.5Zm-.75 4.5v4.2h1.5V6h-1.5Zm0 5.3v1.5h1.5v-1.5h-1.5Z',
  info: 'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1Zm-.75 6v5h1.5V7h-1.5Zm0-3v1.5h1.5V4h-1.5Z',
  pending: 'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1Zm0 1.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11Z',
  running: 'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1Zm0 1.5v11a5.5 5.5 0 0 0 0-11Z',
  unknown:
    'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1Zm-.75 9.5V12h1.5v-1.5h-1.5ZM8 4a2.5 2.5 0 0 0-2.5 2.5H7a1 1 0 1 1 1.6.8c-.8.6-1.35 1.1-1.35 2.2h1.5c0-.5.2-.7.8-1.2A2.5 2.5 0 0 0 8 4Z',
  chevron: 'M5.6 3.2 10.4 8l-4.8 4.8-1-1L8.4 8 4.6 4.2l1-1Z',
  external: 'M9 2h5v5h-1.5V4.6L7.3 9.8 6.2 8.7l5.2-5.2H9V2ZM2 4h5v1.5H3.5v7h7V9H12v5H2V4Z',
};

export interface GlyphProps {
  name: GlyphName;
  size?: number;
  className?: string;
}

/** A decorative glyph: always aria-hidden, so the text beside it carries the meaning (never colour or shape alone). */
export function Glyph({ name, size = 16, className }: GlyphProps): React.ReactElement {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      data-glyph={name}
      style={{ flexShrink: 0, fill: 'currentColor' }}
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
