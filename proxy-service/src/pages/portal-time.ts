/**
 * A time on a portal page: `<time datetime="…">` holding UTC to the minute (what a reader without scripts sees);
 * portal-script.ts rewrites it in the viewer's zone. Never milliseconds: nobody acts on them.
 */
import { html } from './html';
import type { RawHtml } from './html';

export function utcMinute(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function timeAt(iso: string | null | undefined, none = '—'): RawHtml {
  if (!iso) return html`${none}`;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return html`${iso}`;
  return html`<time datetime="${at.toISOString().replace(/\.\d{3}Z$/, 'Z')}">${utcMinute(iso)}</time>`;
}
