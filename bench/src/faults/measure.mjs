/**
 * The figures of one scenario for one SDK, from the proxy log (what the page sent, when, and what
 * was acknowledged) and the dev server's store (what was kept).
 */

const MARKER = /MK(\d+);/g;

/** Marker numbers in `text`. */
export function markersIn(text) {
  const found = new Set();
  for (const m of text.matchAll(MARKER)) found.add(Number(m[1]));
  return found;
}

/** Marker numbers carried by acknowledged `/batch` requests, with the first time each arrived. */
export function acknowledgedMarkers(log) {
  const firstAt = new Map();
  for (const entry of log) {
    if (!entry.path.endsWith('/batch') || !entry.ok || entry.text === null) continue;
    entry.markers ??= markersIn(entry.text);
    for (const n of entry.markers) if (!firstAt.has(n)) firstAt.set(n, entry.end);
  }
  return firstAt;
}

/** Everything the dev server stored for the sessions of one SDK (told apart by client version). */
export async function storedBySdk(devUrl, isSdk) {
  const { sessions } = await (await fetch(`${devUrl}/api/sessions?limit=5000`)).json();
  const markers = new Set();
  const details = [];
  for (const s of sessions) {
    const detail = await (await fetch(`${devUrl}/api/sessions/${s.id}`)).json();
    if (!isSdk(detail.client?.clientVersion ?? '')) continue;
    details.push(detail);
    const { events } = await (await fetch(`${devUrl}/api/sessions/${s.id}/events`)).json();
    for (const n of markersIn(JSON.stringify(events))) markers.add(n);
  }
  return { markers, details };
}

const seconds = (ms) => (ms === null ? null : Math.round(ms / 100) / 10);

/**
 * @param {object} o
 * @param {Array} o.log proxy log of this SDK's page
 * @param {{ first: number, last: number, atRecovery: number }} o.generated marker range
 * @param {{ markers: Set<number>, details: object[] }} o.stored
 * @param {{ outageStart: number|null, outageEnd: number|null }} o.marks
 * @param {number} o.peakHeap bytes
 * @param {boolean} o.needsUpdate whether the scenario's updateUser must have arrived too
 */
export function figures({ log, generated, stored, marks, peakHeap, needsUpdate }) {
  const total = generated.last - generated.first + 1;
  let kept = 0;
  for (let n = generated.first; n <= generated.last; n++) if (stored.markers.has(n)) kept++;
  const { outageStart, outageEnd } = marks;
  const inOutage =
    outageStart === null
      ? []
      : log.filter((e) => e.start >= outageStart && e.start < (outageEnd ?? Infinity));
  const batches = log.filter((e) => e.path.endsWith('/batch'));
  const firstOk =
    outageEnd === null ? null : (batches.find((e) => e.ok && e.start >= outageEnd)?.end ?? null);
  // The backlog: markers made before recovery; delivered when the last of them was acknowledged.
  const firstAt = acknowledgedMarkers(log);
  let backlogAt = null;
  let backlogMissing = 0;
  for (let n = generated.first; n <= Math.min(generated.atRecovery, generated.last); n++) {
    const at = firstAt.get(n);
    if (at === undefined) backlogMissing++;
    else if (at >= (outageEnd ?? 0)) backlogAt = Math.max(backlogAt ?? 0, at);
  }
  const identity = stored.details.some(
    (d) => d.userId === 'u_1042' && (!needsUpdate || d.user?.metadata?.plan === 'team'),
  );
  return {
    generated: total,
    stored: kept,
    storedShare: total > 0 ? kept / total : null,
    requestsDuringOutage: inOutage.length,
    batchesDuringOutage: inOutage.filter((e) => e.path.endsWith('/batch')).length,
    recoveryToFirstBatchS:
      outageEnd === null || firstOk === null ? null : seconds(firstOk - outageEnd),
    recoveryToBacklogS:
      outageEnd === null || backlogMissing > 0
        ? null
        : seconds(Math.max(0, (backlogAt ?? outageEnd) - outageEnd)),
    backlogMissing,
    maxBatchBytes: Math.max(0, ...batches.map((e) => e.bytes)),
    batchRequests: batches.length,
    peakHeapMB: Math.round((peakHeap / 1048576) * 10) / 10,
    identityStored: identity,
    sessions: stored.details.length,
  };
}
