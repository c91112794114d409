/**
 * `pnpm --filter @milana-js/bench fleet`: 100,000 clients in virtual time through a 10-minute
 * ingest outage, driven by the recorder's own retry schedule, with and without its jitter.
 * Prints the table and writes bench/results/fleet.{json,md}.
 *
 * Flags: --clients=N (default 100000), --outage-s=S (default 600), --seed=N (default 17).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RESULTS_DIR } from '../paths.mjs';
import { runFleet, summarize } from './model.mjs';
import { loadRetrySchedule, RETRY_SOURCE } from './retry-code.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const clients = flag('clients', 100_000);
const outageMs = flag('outage-s', 600) * 1000;
const seed = flag('seed', 17);

const schedule = await loadRetrySchedule();
const base = { schedule, clients, outageMs, seed };
const variants = [
  { id: 'jitter', label: `with jitter (±${schedule.RETRY_JITTER * 100} %, as shipped)` },
  { id: 'no-jitter', label: 'without jitter', jitter: 0 },
];
const results = [];
for (const v of variants) {
  const started = Date.now();
  const run = runFleet({ ...base, ...(v.jitter === undefined ? {} : { jitter: v.jitter }) });
  const summary = summarize(run);
  const series10s = [];
  for (let s = 0; s < run.perSecond.length; s += 10) {
    let sum = 0;
    for (let j = s; j < s + 10 && j < run.perSecond.length; j++) sum += run.perSecond[j];
    series10s.push(Math.round(sum / 10));
  }
  results.push({ ...v, summary, series10s, wallMs: Date.now() - started });
}

const x = (n) => `${n.toFixed(2)}×`;
const table = [
  '| model | normal (req/s) | outage: mean | outage: peak 1 s | outage: peak 10 s | outage after its first 2 min | after recovery: peak 1 s | after recovery: peak 10 s | back to normal ±10 % after |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.map(
    ({ label, summary: s }) =>
      `| ${label} | ${Math.round(s.normalPerSecond).toLocaleString('en')} | ${x(s.duringMeanRelative)} | ${x(s.duringPeakRelative)} | ${x(s.duringPeak10sRelative)} | ${x(s.duringAfter2MinRelative)} | ${x(s.afterPeakRelative)} | ${x(s.afterPeak10sRelative)} | ${s.secondsToSteadyAfterRecovery ?? 'n/a'} s |`,
  ),
].join('\n');

const md = `# Fleet model: ${clients.toLocaleString('en')} clients through a ${outageMs / 60_000}-minute outage

\`pnpm --filter @milana-js/bench fleet\` (seed ${seed}), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.
Retry delays from \`${RETRY_SOURCE}\` (the recorder's own \`retryDelay\`): ${schedule.BATCH_RETRY_DELAYS_MS.map((d) => d / 1000).join(', ')} s, then the last forever.

Requests to \`/batch\` per second, relative to the normal rate before the outage (one request per
client per 10 s). Every client records all along; ${10} % are busy pages (20,000 chars/s, so their
backlog after the outage needs several back-to-back requests), the rest 1,000 chars/s. Latency
200 ms; the outage starts 2 minutes in; every request during it fails.

${table}

Targets of issue 17: during the outage below the normal rate; the peak after recovery at most 2×
the normal rate.
`;
await mkdir(RESULTS_DIR, { recursive: true });
await writeFile(path.join(RESULTS_DIR, 'fleet.md'), md);
await writeFile(
  path.join(RESULTS_DIR, 'fleet.json'),
  `${JSON.stringify({ clients, outageMs, seed, retrySource: RETRY_SOURCE, results }, null, 1)}\n`,
);
console.log(md);
