/**
 * Turns raw runs into medians per SDK and metric, with the reason wherever a value is n/a.
 */
import { median } from './stats.mjs';

/**
 * @typedef {object} Metric
 * @property {string} key
 * @property {'identity' | 'recording'} page which page's runs it comes from
 * @property {string} label column header
 * @property {'ms' | 'count' | 'kB' | 'MB'} unit
 * @property {(run: any) => number} pick
 */

/** @type {Metric[]} */
export const RUNTIME_METRICS = [
  { key: 'initMs', page: 'identity', label: 'init done', unit: 'ms', pick: (r) => r.initMs },
  {
    key: 'identityMainMs',
    page: 'identity',
    label: 'identify + 100 updates: main thread',
    unit: 'ms',
    pick: (r) => r.mainThreadMs,
  },
  {
    key: 'identityCallMs',
    page: 'identity',
    label: '… inside the calls',
    unit: 'ms',
    pick: (r) => r.syncMs,
  },
  {
    key: 'requests',
    page: 'identity',
    label: 'requests',
    unit: 'count',
    pick: (r) => r.traffic.requests,
  },
  {
    key: 'preflights',
    page: 'identity',
    label: 'CORS preflights',
    unit: 'count',
    pick: (r) => r.traffic.preflights,
  },
  {
    key: 'bodyBytes',
    page: 'identity',
    label: 'bytes sent (bodies)',
    unit: 'kB',
    pick: (r) => r.traffic.bodyBytes,
  },
  {
    key: 'wireBytes',
    page: 'identity',
    label: 'bytes sent (with headers)',
    unit: 'kB',
    pick: (r) => r.traffic.wireBytes,
  },
  {
    key: 'heapBytes',
    page: 'identity',
    label: 'heap after GC',
    unit: 'MB',
    pick: (r) => r.heapBytes,
  },
  {
    key: 'tbtMs',
    page: 'recording',
    label: '5,000 mutations: total blocking time',
    unit: 'ms',
    pick: (r) => r.tbtMs,
  },
  {
    key: 'longTasks',
    page: 'recording',
    label: '… long tasks',
    unit: 'count',
    pick: (r) => r.longTasks,
  },
  {
    key: 'recordMainMs',
    page: 'recording',
    label: '… main thread',
    unit: 'ms',
    pick: (r) => r.mainThreadMs,
  },
  {
    key: 'recordOverheadMs',
    page: 'recording',
    label: '… main thread over no SDK',
    unit: 'ms',
    // Filled in by addOverheads: this SDK's median minus the no-SDK median.
    pick: () => null,
  },
  {
    key: 'recordHeapBytes',
    page: 'recording',
    label: '… heap after GC',
    unit: 'MB',
    pick: (r) => r.heapBytes,
  },
];

/**
 * @param {import('./sdks.mjs').SdkSpec} sdk
 * @param {{ identity: any[], recording: any[] }} runs raw results of every run of this SDK
 * @returns {{ values: Record<string, number | null>, notes: Record<string, string>, okRuns: Record<string, number> }}
 */
export function summarizeSdk(sdk, runs) {
  const usable = {
    identity: runs.identity.filter((r) => !r.error),
    // A recording number only means something if the recorder really recorded: at least one
    // run must have seen its upload, and no run may have waited for one in vain.
    recording: runs.recording.filter((r) => !r.error && r.recorded !== false),
  };
  const confirmed = sdk.id === 'baseline' || runs.recording.some((r) => r.recorded === true);
  if (!confirmed) usable.recording = [];
  const values = {};
  const notes = {};
  for (const metric of RUNTIME_METRICS) {
    if (metric.page === 'recording' && sdk.noRecording) {
      values[metric.key] = null;
      notes[metric.key] = sdk.noRecording;
      continue;
    }
    const ok = usable[metric.page];
    values[metric.key] = median(ok.map(metric.pick));
    if (values[metric.key] === null) notes[metric.key] = whyMissing(runs[metric.page], metric.page);
  }
  return {
    values,
    notes,
    // Calls of the identity phase that rejected or resolved { success: false } (median per run).
    callsNotOk: median(usable.identity.map((r) => (r.rejected ?? 0) + (r.unsuccessful ?? 0))),
    okRuns: { identity: usable.identity.length, recording: usable.recording.length },
  };
}

function whyMissing(runs, page) {
  if (runs.length === 0) return 'not run';
  const failed = runs.find((r) => r.error);
  if (failed) return failed.error;
  if (page === 'recording') return 'the recorder sent no recording data within the wait';
  return 'no value';
}

/**
 * Main-thread time of the recording page beyond what the page costs without any SDK (median
 * minus the no-SDK median): the recorder's own share of the work.
 *
 * @param {Record<string, ReturnType<typeof summarizeSdk>>} summaries keyed by SDK id, edited in place
 */
export function addOverheads(summaries) {
  const floor = summaries.baseline?.values.recordMainMs ?? null;
  for (const [id, summary] of Object.entries(summaries)) {
    const own = summary.values.recordMainMs;
    if (id === 'baseline') {
      summary.values.recordOverheadMs = floor == null ? null : 0;
      if (floor != null) delete summary.notes.recordOverheadMs;
    } else if (own == null || floor == null) {
      summary.values.recordOverheadMs = null;
      summary.notes.recordOverheadMs =
        summary.notes.recordMainMs ?? 'no no-SDK run to compare with';
    } else {
      summary.values.recordOverheadMs = own - floor;
      delete summary.notes.recordOverheadMs;
    }
  }
}
