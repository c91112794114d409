/**
 * Markdown tables of the results, with each value's ratio to milana-js 1.0.16 beside it.
 */
import { ratio } from './stats.mjs';
import { RUNTIME_METRICS } from './summary.mjs';

const ARTEFACTS = [
  ['identity', 'identity path'],
  ['recording', 'recording on (all JS)'],
  ['recorder', 'recorder'],
  ['framework-react', 'React entry'],
  ['framework-vue', 'Vue entry'],
  ['framework-svelte', 'Svelte entry'],
  ['script-tag', 'script tag'],
];

/** "12.3 kB", "456 ms", "1.23 MB", "17". */
export function formatValue(value, unit) {
  if (value == null) return 'n/a';
  if (unit === 'kB') return `${(value / 1000).toFixed(1)} kB`;
  if (unit === 'MB') return `${(value / 1e6).toFixed(2)} MB`;
  if (unit === 'ms') return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** "×0.42" beside a value; empty when there is nothing to compare with. */
export function formatRatio(r) {
  if (r == null) return '';
  if (r === 0) return ' ×0';
  if (r >= 10) return ` ×${Math.round(r)}`;
  return ` ×${r < 0.1 ? r.toFixed(3) : r.toFixed(2)}`;
}

function row(cells) {
  return `| ${cells.join(' | ')} |`;
}

function header(cells) {
  return [row(cells), row(cells.map(() => '---'))].join('\n');
}

/** The size table: one row per SDK and artefact it has, n/a rows only where the reason matters. */
export function sizeTable(results) {
  const ref = results.sizes[results.referenceId] ?? {};
  const lines = [header(['SDK', 'artefact', 'minified', 'gzip', 'brotli', 'note'])];
  for (const sdk of results.sdks.filter((s) => s.sizes)) {
    const cells = results.sizes[sdk.id];
    for (const [key, label] of ARTEFACTS) {
      const cell = cells[key];
      if (!cell) continue;
      if (!cell.size && key.startsWith('framework-')) continue;
      const compared = sdk.id !== results.referenceId;
      const sizes = ['min', 'gzip', 'brotli'].map((m) =>
        cell.size
          ? `${formatValue(cell.size[m], 'kB')}${compared ? formatRatio(ratio(cell.size[m], ref[key]?.size?.[m])) : ''}`
          : 'n/a',
      );
      lines.push(row([sdk.label, label, ...sizes, cell.note ?? '']));
    }
    if (sdk.noFrameworks)
      lines.push(
        row([sdk.label, 'other framework entries', 'n/a', 'n/a', 'n/a', sdk.noFrameworks]),
      );
  }
  return lines.join('\n');
}

/** One runtime table over the metrics of one page. */
export function runtimeTable(results, page) {
  const metrics = RUNTIME_METRICS.filter((m) => m.page === page);
  const ref = results.runtime[results.referenceId]?.values ?? {};
  const lines = [
    header([
      'SDK',
      ...metrics.map((m) => `${m.label} (${m.unit === 'count' ? 'n' : m.unit})`),
      'runs',
    ]),
  ];
  for (const sdk of results.sdks) {
    const summary = results.runtime[sdk.id];
    if (!summary) continue;
    const cells = metrics.map((m) => {
      const v = summary.values[m.key];
      const compared = sdk.id !== results.referenceId && sdk.id !== 'baseline';
      return `${formatValue(v, m.unit)}${compared ? formatRatio(ratio(v, ref[m.key])) : ''}`;
    });
    lines.push(row([sdk.label, ...cells, String(summary.okRuns[page])]));
  }
  return lines.join('\n');
}

/** Why values are n/a, one line per SDK and reason. */
export function notesList(results) {
  const lines = [];
  for (const sdk of results.sdks) {
    const summary = results.runtime[sdk.id];
    if (!summary) continue;
    const byReason = new Map();
    for (const m of RUNTIME_METRICS) {
      const reason = summary.notes[m.key];
      if (!reason) continue;
      byReason.set(reason, [...(byReason.get(reason) ?? []), m.label]);
    }
    for (const [reason, labels] of byReason)
      lines.push(`- ${sdk.label}: n/a for ${labels.join(', ')}: ${reason}`);
    if (summary.callsNotOk > 0) {
      lines.push(
        `- ${sdk.label}: ${summary.callsNotOk} of the 101 identity calls rejected or resolved \`{ success: false }\` (median)`,
      );
    }
    if (summary.external?.length)
      lines.push(
        `- ${sdk.label}: tried to reach ${summary.external.join(', ')} (blocked; offline run)`,
      );
  }
  return lines.join('\n');
}

/** The whole markdown report. */
export function markdownReport(results) {
  const m = results.machine;
  const versions = results.sdks
    .filter((s) => s.pkg)
    .map(
      (s) =>
        `${s.pkg === 'milana-js-upstream' ? 'milana-js (npm)' : s.pkg} ${results.versions[s.id]}`,
    )
    .join(', ');
  const ranRuntime = Object.keys(results.runtime).length > 0;
  const runtimeWord = ranRuntime
    ? `Runtime values are medians of ${results.runs} runs`
    : 'Runtime part not run (--sizes-only)';
  const parts = [
    `Run ${results.date} on ${m.cpu} (${m.cores} cores, ${m.memoryGB} GB), ${m.os}, Node ${m.node}, Chromium ${m.chromium}; load average at start ${m.loadAverage}.`,
    `Versions: ${versions}. ${runtimeWord}; ×N is the ratio to milana-js 1.0.16 (below 1 is smaller or faster).`,
    '### Bundle size',
    'esbuild, ESM with code splitting, tree-shaken, minified, browser platform; gzip level 9 and brotli quality 11, each file compressed on its own and summed. Framework entries exclude the framework itself.',
    sizeTable(results),
  ];
  if (ranRuntime) {
    parts.push(
      '### Identity page',
      'Script start to `init` done; main-thread time (CDP `TaskDuration`) from the first call until 2.5 s after them; requests and bytes counted at the collector over the whole page life, including the flush when the page is left.',
      runtimeTable(results, 'identity'),
      '### Recording page (5,000 DOM mutations in one task)',
      'Long tasks (PerformanceObserver `longtask`) from the first mutation until 2 s after the last; total blocking time is the sum of each long task beyond 50 ms. Runs count only when the collector received recording data.',
      runtimeTable(results, 'recording'),
    );
  }
  const notes = notesList(results);
  if (notes) parts.push('### Notes', notes);
  return `${parts.join('\n\n')}\n`;
}
