/**
 * A hand-written SVG chart: one panel of horizontal bars per headline metric, one bar per SDK.
 */
import { formatValue } from './report.mjs';

const WIDTH = 860;
const LABEL_W = 230;
const BAR_H = 16;
const GAP = 6;
const PANEL_PAD = 34;
const COLORS = { milana: '#2f6fdb', upstream: '#e08a1e' };
const OTHER = '#9aa4b2';

function escape(text) {
  return String(text).replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
  );
}

/**
 * @param {{ title: string, unit: 'ms' | 'kB' | 'MB' | 'count', bars: { id: string, label: string, value: number | null, note?: string }[] }[]} panels
 * @returns {string} SVG text
 */
export function barChart(panels) {
  let y = 10;
  const parts = [];
  for (const panel of panels) {
    parts.push(
      `<text x="10" y="${y + 16}" font-weight="bold" font-size="14">${escape(panel.title)}</text>`,
    );
    y += PANEL_PAD;
    const max = Math.max(...panel.bars.map((b) => b.value ?? 0), 1e-9);
    const span = WIDTH - LABEL_W - 120;
    for (const bar of panel.bars) {
      const w = bar.value == null ? 0 : Math.max(1, (bar.value / max) * span);
      const color = COLORS[bar.id] ?? OTHER;
      parts.push(
        `<text x="${LABEL_W - 8}" y="${y + BAR_H - 4}" text-anchor="end" font-size="12">${escape(bar.label)}</text>`,
      );
      if (bar.value != null)
        parts.push(
          `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${color}"/>`,
        );
      const text =
        bar.value == null
          ? `n/a${bar.note ? ` (${bar.note})` : ''}`
          : formatValue(bar.value, panel.unit);
      parts.push(
        `<text x="${LABEL_W + w + 6}" y="${y + BAR_H - 4}" font-size="12" fill="#333">${escape(text)}</text>`,
      );
      y += BAR_H + GAP;
    }
    y += 10;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="system-ui, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

/** The headline panels of a results object. */
export function resultsChart(results) {
  const label = (sdk) => sdk.label;
  const sized = results.sdks.filter((s) => s.sizes);
  const runtime = (key, title, unit, filter = () => true) => ({
    title,
    unit,
    bars: results.sdks.filter(filter).map((sdk) => ({
      id: sdk.id,
      label: label(sdk),
      value: results.runtime[sdk.id]?.values[key] ?? null,
      note:
        results.runtime[sdk.id]?.values[key] == null
          ? shortNote(results.runtime[sdk.id]?.notes[key])
          : undefined,
    })),
  });
  return barChart([
    {
      title: 'Identity path, brotli (smaller is better)',
      unit: 'kB',
      bars: sized.map((sdk) => ({
        id: sdk.id,
        label: label(sdk),
        value: results.sizes[sdk.id].identity.size?.brotli ?? null,
      })),
    },
    {
      title: 'Recording on, all JS, brotli',
      unit: 'kB',
      bars: sized.map((sdk) => ({
        id: sdk.id,
        label: label(sdk),
        value: results.sizes[sdk.id].recording.size?.brotli ?? null,
        note: results.sizes[sdk.id].recording.size ? undefined : 'no recorder',
      })),
    },
    runtime('initMs', 'Script start to init done (median)', 'ms'),
    runtime('identityMainMs', 'identify + 100 metadata updates: main-thread time (median)', 'ms'),
    runtime(
      'recordOverheadMs',
      '5,000 DOM mutations while recording: main-thread time beyond the no-SDK page (median)',
      'ms',
      (s) => !s.noRecording && s.id !== 'baseline',
    ),
    runtime('heapBytes', 'Heap after forced GC, identity page (median)', 'MB'),
  ]);
}

function shortNote(note) {
  if (!note) return undefined;
  return note.length > 40 ? `${note.slice(0, 37)}…` : note;
}
