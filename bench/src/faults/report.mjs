/** The markdown tables of the faults benchmark. */

const pct = (share) =>
  share === null ? 'n/a' : `${(share * 100).toFixed(share >= 0.995 && share < 1 ? 2 : 1)} %`;
const sec = (s) => (s === null ? '—' : `${s} s`);

export function faultsReport(meta, results, sdks) {
  const lines = [
    `# Delivery under faults (issue 17)`,
    '',
    `Run ${meta.date.slice(0, 16).replace('T', ' ')} UTC at ${meta.commit}, ${meta.machine}; outage durations × ${meta.outageScale}; ${meta.wallS} s in all.`,
    '',
    'Both SDKs ran at the same time in headless Chromium against one dev server (in memory) through',
    "the same faults: the dev server's fault injection for whole-server outages and the flaky",
    'network, and a path block at the bench proxy for the `/session` and `/update` outages.',
    '"Stored" counts the page\'s DOM mutations (each carries a unique marker) found in the events',
    'the dev server kept; "to first batch" and "to backlog" are seconds from recovery to the first',
    'acknowledged `/batch` and to the acknowledgement of the last mutation made before recovery',
    '("—": never, within the wait). Heap: peak `Runtime.getHeapUsage` sampled every 2 s.',
    '',
    '| scenario | SDK | stored / generated | requests during outage (of them /batch) | to first batch | to backlog | largest /batch body | peak heap | identity on server |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    if (r.error) lines.push(`| ${r.title} | both | failed to run: ${r.error} | | | | | | |`);
    for (const sdk of sdks) {
      const f = r.sdks[sdk.id];
      if (!f) continue;
      lines.push(
        `| ${r.title} | ${sdk.label} | ${f.stored.toLocaleString('en')} / ${f.generated.toLocaleString('en')} (${pct(f.storedShare)}) | ${f.requestsDuringOutage} (${f.batchesDuringOutage ?? '?'} /batch) | ${sec(f.recoveryToFirstBatchS)} | ${sec(f.recoveryToBacklogS)} | ${(f.maxBatchBytes / 1_000_000).toFixed(2)} MB | ${f.peakHeapMB} MB | ${f.identityStored ? 'yes' : 'no'} |`,
      );
    }
  }
  lines.push(
    '',
    'Targets: ≥ 99 % stored in every scenario but the closed tab, recovery within 75 s, no `/batch`',
    'body over 5,242,880 chars, identity always attached, heap bounded by the memory rule.',
    "The `/session` and `/update` scenarios exercise the core's §23 background retries (in the core",
    'since 36b6c0e; runs made before it show the core without them).',
    '',
  );
  return lines.join('\n');
}
