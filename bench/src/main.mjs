/**
 * `pnpm --filter @milana-js/bench bench`: builds our packages, bundles every SDK scenario,
 * measures sizes and runtime in headless Chromium, prints the tables and writes
 * bench/results/results.{json,md} and chart.svg.
 *
 * Flags: --no-build (skip the turbo build), --runs=N (default 5), --sizes-only, --only=id,id
 * (those SDKs plus milana-js 1.0.16 and the no-SDK page; ids as in sdks.mjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resultsChart } from './chart.mjs';
import { startCollector } from './collector.mjs';
import { startPageServer } from './page-server.mjs';
import { MODULES_DIR, REPO_DIR, RESULTS_DIR } from './paths.mjs';
import { markdownReport } from './report.mjs';
import { identityRun, launch, recordingRun } from './runtime.mjs';
import { buildScenarios } from './scenario-builds.mjs';
import { REFERENCE_ID, SDKS as ALL_SDKS } from './sdks.mjs';
import { measureSdk } from './sizes.mjs';
import { addOverheads, summarizeSdk } from './summary.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const SDKS = only
  ? ALL_SDKS.filter((s) => only.includes(s.id) || s.id === REFERENCE_ID || s.id === 'baseline')
  : ALL_SDKS;
const started = Date.now();
const log = (line) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

async function versions() {
  const out = {};
  for (const sdk of SDKS.filter((s) => s.pkg)) {
    try {
      out[sdk.id] = JSON.parse(
        await readFile(path.join(MODULES_DIR, sdk.pkg, 'package.json'), 'utf8'),
      ).version;
    } catch {
      throw new Error(
        `${sdk.pkg} is not installed in bench/node_modules: run \`pnpm install\` at the repo root first`,
      );
    }
  }
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: REPO_DIR,
    encoding: 'utf8',
  });
  // The build uses the working tree, so say when it differs from the commit.
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'packages'], {
    cwd: REPO_DIR,
    encoding: 'utf8',
  });
  const changed =
    dirty.status === 0 && dirty.stdout.trim() !== ''
      ? ', with uncommitted changes in packages/'
      : '';
  if (head.status === 0) out.milana += ` (${head.stdout.trim()}${changed})`;
  return out;
}

function buildOurPackages() {
  log('building our packages: pnpm turbo run build --filter milana-js...');
  const result = spawnSync(
    'pnpm',
    ['turbo', 'run', 'build', '--filter', 'milana-js...', '--output-logs=errors-only'],
    {
      cwd: REPO_DIR,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0)
    throw new Error('building our packages failed (see the turbo output above)');
}

async function runRuntime(builds) {
  const collector = await startCollector();
  const pages = await startPageServer({ collector: collector.origin, builds });
  const browser = await launch();
  const env = { collector, pages };
  const raw = Object.fromEntries(SDKS.map((s) => [s.id, { identity: [], recording: [] }]));
  const seenUpload = new Set(['baseline']);
  const attempt = async (task) => {
    try {
      return await task();
    } catch (error) {
      return { error: String(error?.message ?? error).split('\n')[0] };
    }
  };
  try {
    const chromium = browser.version();
    // A first page in a fresh browser pays for process and cache start-up; keep it out of the numbers.
    await attempt(() => identityRun(browser, env, 'baseline'));
    for (let round = 1; round <= RUNS; round += 1) {
      for (const sdk of SDKS) {
        if (builds.get(`${sdk.id}-identity`)?.error) continue;
        const t = Date.now();
        const r = await attempt(() => identityRun(browser, env, sdk.id));
        raw[sdk.id].identity.push(r);
        log(
          `run ${round}/${RUNS} ${sdk.id} identity ${r.error ? `failed: ${r.error}` : 'ok'} (${((Date.now() - t) / 1000).toFixed(1)} s)`,
        );
      }
      for (const sdk of SDKS.filter((s) => !s.noRecording)) {
        if (builds.get(`${sdk.id}-recording`)?.error) continue;
        const t = Date.now();
        const r = await attempt(() => recordingRun(browser, env, sdk.id, !seenUpload.has(sdk.id)));
        if (r.recorded) seenUpload.add(sdk.id);
        raw[sdk.id].recording.push(r);
        const state = r.error
          ? `failed: ${r.error}`
          : r.recorded === false
            ? 'no recording data arrived'
            : 'ok';
        log(
          `run ${round}/${RUNS} ${sdk.id} recording ${state} (${((Date.now() - t) / 1000).toFixed(1)} s)`,
        );
      }
    }
    return { raw, chromium };
  } finally {
    await browser.close();
    await pages.close();
    await collector.close();
  }
}

function buildErrors(builds, sdkId) {
  return [...builds.values()]
    .filter((b) => b.key.startsWith(`${sdkId}-`) && b.error)
    .map((b) => `${b.key}: ${b.error}`);
}

async function main() {
  const sizesOnly = args.includes('--sizes-only');
  if (!args.includes('--no-build')) buildOurPackages();
  const versionMap = await versions();
  log('bundling every SDK scenario with esbuild');
  const builds = await buildScenarios(SDKS);
  for (const sdk of SDKS) for (const e of buildErrors(builds, sdk.id)) log(`n/a ${e}`);

  let runtime = null;
  let chromium = 'not run';
  if (!sizesOnly) {
    log(`runtime: ${RUNS} runs per SDK in headless Chromium`);
    const out = await runRuntime(builds);
    runtime = out.raw;
    chromium = out.chromium;
  }

  log('measuring bundle sizes');
  const sizes = {};
  for (const sdk of SDKS.filter((s) => s.sizes)) {
    const fetched = (runs) => ({
      bundles: new Set(runs.flatMap((r) => r.bundles ?? [])),
      scripts: new Set(runs.flatMap((r) => r.traffic?.scripts ?? [])),
    });
    const loaded = runtime
      ? {
          identity: fetched(runtime[sdk.id].identity),
          recording: fetched(runtime[sdk.id].recording),
        }
      : null;
    sizes[sdk.id] = await measureSdk(sdk, builds, loaded);
  }

  const summaries = {};
  if (runtime) {
    for (const sdk of SDKS) {
      const runs = runtime[sdk.id];
      const errors = buildErrors(builds, sdk.id);
      if (errors.length > 0 && runs.identity.length === 0) runs.identity.push({ error: errors[0] });
      if (errors.length > 0 && runs.recording.length === 0 && !sdk.noRecording)
        runs.recording.push({ error: errors.at(-1) });
      summaries[sdk.id] = {
        ...summarizeSdk(sdk, runs),
        external: [
          ...new Set([...runs.identity, ...runs.recording].flatMap((r) => r.external ?? [])),
        ],
        pageErrors: [
          ...new Set([...runs.identity, ...runs.recording].flatMap((r) => r.errors ?? [])),
        ],
      };
    }
    addOverheads(summaries);
  }

  const cpus = os.cpus();
  const results = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine: {
      cpu: cpus[0]?.model ?? 'unknown CPU',
      cores: cpus.length,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      chromium,
      loadAverage: os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / '),
    },
    runs: RUNS,
    referenceId: REFERENCE_ID,
    versions: versionMap,
    sdks: SDKS,
    sizes,
    runtime: summaries,
    raw: runtime,
  };

  await mkdir(RESULTS_DIR, { recursive: true });
  const markdown = markdownReport(results);
  await writeFile(path.join(RESULTS_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(RESULTS_DIR, 'results.md'), markdown);
  await writeFile(path.join(RESULTS_DIR, 'chart.svg'), resultsChart(results));
  console.log(`\n${markdown}`);
  log(`wrote bench/results/results.json, results.md and chart.svg`);
}

main().catch((error) => {
  console.error(`bench failed: ${error?.message ?? error}`);
  process.exitCode = 1;
});
