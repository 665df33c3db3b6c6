// A hand-written SVG horizontal bar chart (no dependency): one bar per library, genstage highlighted.
import type { Kind } from './types.js';

export interface ChartRow {
  label: string;
  kind: Kind;
  /** Absent: the row has no figure and shows only its text (n/a, FAILED, timeout). */
  value?: number;
  text: string;
}

export interface ChartSpec {
  title: string;
  subtitle: string;
  /** The axis caption, e.g. "events/s (log scale, longer is better)". */
  axis: string;
  scale: 'log' | 'linear';
  rows: readonly ChartRow[];
  /** A dashed reference line, e.g. S2's ideal 80 ms. */
  marker?: { value: number; label: string };
  /** Formats tick labels. */
  tick(value: number): string;
}

const WIDTH = 900;
// Longer texts (n/a reasons) are cut so they stay inside the picture.
const MAX_TEXT = 100;
const LABEL_WIDTH = 220;
const BAR_WIDTH = 430;
const ROW_HEIGHT = 26;
const TOP = 78;
const COLORS: Record<Kind, string> = { genstage: '#2563eb', limit: '#9ca3af', peer: '#f59e0b', baseline: '#93c5fd' };

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Axis {
  ticks: number[];
  position(value: number): number;
}

function logAxis(values: readonly number[]): Axis {
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...values))));
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  return { ticks, position: (v) => ((Math.log10(v) - lo) / (hi - lo)) * BAR_WIDTH };
}

function linearAxis(values: readonly number[]): Axis {
  const max = Math.max(...values);
  const step = 10 ** Math.floor(Math.log10(max));
  const niceStep = max / step > 5 ? step * 2 : max / step > 2 ? step : step / 2;
  const top = Math.ceil(max / niceStep) * niceStep;
  const ticks = Array.from({ length: Math.round(top / niceStep) + 1 }, (_, i) => i * niceStep);
  return { ticks, position: (v) => (v / top) * BAR_WIDTH };
}

function text(x: number, y: number, content: string, attributes = ''): string {
  const shown = content.length > MAX_TEXT ? `${content.slice(0, MAX_TEXT - 1)}…` : content;
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(shown)}</text>`;
}

export function renderChart(spec: ChartSpec): string {
  const values = spec.rows.flatMap((r) => (r.value !== undefined && r.value > 0 ? [r.value] : []));
  if (spec.marker) values.push(spec.marker.value);
  const axis = values.length === 0 ? null : spec.scale === 'log' ? logAxis(values) : linearAxis(values);
  const height = TOP + spec.rows.length * ROW_HEIGHT + 44;
  const bottom = TOP + spec.rows.length * ROW_HEIGHT;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text(12, 22, spec.title, 'font-size="15" font-weight="600" fill="#111827"'),
    text(12, 42, spec.subtitle, 'fill="#6b7280"'),
  ];
  for (const tick of axis?.ticks ?? []) {
    const x = LABEL_WIDTH + axis!.position(tick);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${TOP - 6}" x2="${x.toFixed(1)}" y2="${bottom}" stroke="#e5e7eb"/>`);
    parts.push(text(x, bottom + 16, spec.tick(tick), 'text-anchor="middle" fill="#6b7280"'));
  }
  spec.rows.forEach((row, i) => {
    const y = TOP + i * ROW_HEIGHT;
    const weight = row.kind === 'genstage' ? 'font-weight="600" ' : '';
    parts.push(text(LABEL_WIDTH - 8, y + 15, row.label, `${weight}text-anchor="end" fill="#111827"`));
    if (axis === null || row.value === undefined || row.value <= 0) {
      parts.push(text(LABEL_WIDTH + 4, y + 15, row.text, 'fill="#9ca3af" font-style="italic"'));
      return;
    }
    const length = Math.max(2, axis.position(row.value));
    parts.push(`<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${length.toFixed(1)}" height="${ROW_HEIGHT - 8}" rx="2" fill="${COLORS[row.kind]}"/>`);
    parts.push(text(LABEL_WIDTH + length + 6, y + 15, row.text, `${weight}fill="#111827"`));
  });
  if (axis !== null && spec.marker) {
    const x = LABEL_WIDTH + axis.position(spec.marker.value);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${TOP - 10}" x2="${x.toFixed(1)}" y2="${bottom}" stroke="#dc2626" stroke-dasharray="4 3"/>`);
    parts.push(text(x + 4, TOP - 14, spec.marker.label, 'fill="#dc2626"'));
  }
  parts.push(text(LABEL_WIDTH, bottom + 34, spec.axis, 'fill="#6b7280"'));
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
