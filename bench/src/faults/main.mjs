/**
 * `pnpm --filter @milana-js/bench faults`: the delivery scenarios of issue 17 against the dev
 * server's fault injection, milana-js (this repo) and milana-js 1.0.16 side by side in the same
 * run (both pages live at once, through the same faults). Prints and writes
 * bench/results/faults.{json,md}.
 *
 * Flags: --outage-scale=F (default 1: the durations; e.g. 0.3 for a short run; outages
 * never shorter than 20 s), --only=id,id (scenario ids), --no-build.
 * Needs the workspace built (`pnpm turbo run build --filter milana-js... --filter
 * @milana-js/dev-server`), which the command runs unless --no-build.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_DIR, RESULTS_DIR } from '../paths.mjs';
import { launch } from '../runtime.mjs';
import { acknowledgedMarkers, figures, storedBySdk } from './measure.mjs';
import { startSdkPage } from './pages.mjs';
import { startProxy } from './proxy.mjs';
import { faultsReport } from './report.mjs';
import { scenarios } from './scenarios.mjs';

const args = process.argv.slice(2);
const arg = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const scale = { outage: Number(arg('outage-scale') ?? 1) };
const only = arg('only')?.split(',');
const started = Date.now();
// The code under test is the one at the start (bundles are built then).
const startCommit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
  cwd: REPO_DIR,
  encoding: 'utf8',
}).stdout.trim();
const log = (line) =>
  console.log(`[faults ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${line}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (!args.includes('--no-build')) {
  log('building milana-js and the dev server');
  const built = spawnSync(
    'pnpm',
    ['turbo', 'run', 'build', '--filter', 'milana-js...', '--filter', '@milana-js/dev-server...'],
    { cwd: REPO_DIR, stdio: 'inherit' },
  );
  if (built.status !== 0) throw new Error('build failed');
}

const { startDevServer } = await import(
  pathToFileURL(path.join(REPO_DIR, 'packages/dev-server/dist/index.js')).href
);
const dev = await startDevServer({ port: 0, memory: true, quiet: true });
const SDKS = [
  { id: 'milana', label: 'milana-js (this repo)', pkg: 'milana-js', isSdk: (v) => v !== '1.0.16' },
  {
    id: 'upstream',
    label: 'milana-js 1.0.16',
    pkg: 'milana-js-upstream',
    isSdk: (v) => v === '1.0.16',
  },
];
for (const sdk of SDKS) {
  sdk.proxy = await startProxy(dev.url);
  sdk.page = await startSdkPage({ id: sdk.id, pkg: sdk.pkg, endpoint: sdk.proxy.url });
}
const browser = await launch();

async function runScenario(sc) {
  dev.reset();
  dev.setFaults({ failRate: 0, dropRate: 0, latencyMs: 0 });
  const marks = { outageStart: null, outageEnd: null };
  const runs = [];
  for (const sdk of SDKS) {
    sdk.proxy.log.length = 0;
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(sdk.page.url);
    await page.waitForFunction(() => window.__faults !== undefined);
    runs.push({ sdk, context, page, cdp, peakHeap: 0, atRecovery: null, last: null });
  }
  const generatedOf = (r) =>
    r.page.isClosed()
      ? Promise.resolve(r.last ?? 0)
      : r.page.evaluate(() => window.__faults.generated());
  const heapTimer = setInterval(() => {
    for (const r of runs) {
      if (r.page.isClosed()) continue;
      r.cdp.send('Runtime.getHeapUsage').then(
        ({ usedSize }) => (r.peakHeap = Math.max(r.peakHeap, usedSize)),
        () => undefined,
      );
    }
  }, 2000);
  const pending = [];
  const mark = (name) => {
    marks[name] = Date.now();
    log(`  ${sc.id}: ${name}`);
    if (name === 'outageEnd')
      for (const r of runs) pending.push(generatedOf(r).then((n) => (r.atRecovery = n)));
  };
  const t = {
    all: (fn) => Promise.all(runs.map((r) => (r.page.isClosed() ? null : fn(r.page)))),
    sleep: (s) => sleep(s * 1000),
    outage: async (on) => {
      dev.setFaults({ failRate: on ? 1 : 0 });
      mark(on ? 'outageStart' : 'outageEnd');
    },
    faults: async (patch) => dev.setFaults(patch),
    block: (p) => SDKS.forEach((s) => s.proxy.block(p)),
    unblock: (p) => SDKS.forEach((s) => s.proxy.unblock(p)),
    restartNextBatch: () => SDKS.forEach((s) => s.proxy.restartNextBatch()),
    mark,
    snapshotGenerated: async (page) => {
      const r = runs.find((x) => x.page === page);
      r.last = await generatedOf(r);
    },
    /** Until every page's markers up to recovery were acknowledged, at most `maxS` seconds. */
    waitDelivered: async (maxS) => {
      await Promise.all(pending);
      const end = Date.now() + maxS * 1000;
      while (Date.now() < end) {
        let done = true;
        for (const r of runs) {
          const upTo = r.atRecovery ?? (await generatedOf(r));
          const acked = acknowledgedMarkers(r.sdk.proxy.log);
          for (let n = 1; n <= upTo && done; n++) done = acked.has(n);
        }
        if (done) return;
        await sleep(2000);
      }
    },
  };
  const t0 = Date.now();
  await sc.run(t);
  await Promise.all(pending);
  clearInterval(heapTimer);
  const out = {
    id: sc.id,
    title: sc.title,
    outageS: sc.outageS,
    wallS: Math.round((Date.now() - t0) / 1000),
    sdks: {},
  };
  for (const r of runs) {
    const last = r.last ?? (await generatedOf(r));
    const stored = await storedBySdk(dev.url, r.sdk.isSdk);
    out.sdks[r.sdk.id] = figures({
      log: r.sdk.proxy.log,
      generated: { first: 1, last, atRecovery: r.atRecovery ?? last },
      stored,
      marks,
      peakHeap: r.peakHeap,
      needsUpdate: sc.id === 'update-outage',
    });
    await r.context.close();
  }
  return out;
}

const results = [];
for (const sc of scenarios(scale).filter((s) => !only || only.includes(s.id))) {
  log(`scenario ${sc.id}: ${sc.title}`);
  try {
    const result = await runScenario(sc);
    results.push(result);
    log(`  ${JSON.stringify(result.sdks)}`);
  } catch (error) {
    // One broken scenario must not cost the others' results.
    log(`  ${sc.id} failed: ${error?.stack ?? error}`);
    results.push({ id: sc.id, title: sc.title, error: String(error), sdks: {} });
  }
}
await browser.close();
await dev.close();
for (const sdk of SDKS) {
  await sdk.proxy.close();
  await sdk.page.close();
}

const meta = {
  date: new Date(started).toISOString(),
  commit: startCommit,
  outageScale: scale.outage,
  machine: `${os.cpus()[0]?.model ?? 'cpu'} (${os.cpus().length} cores), Node ${process.version}`,
  wallS: Math.round((Date.now() - started) / 1000),
};
await mkdir(RESULTS_DIR, { recursive: true });
const name = only ? 'faults-partial' : 'faults';
await writeFile(
  path.join(RESULTS_DIR, `${name}.json`),
  `${JSON.stringify({ meta, results }, null, 1)}\n`,
);
const md = faultsReport(meta, results, SDKS);
await writeFile(path.join(RESULTS_DIR, `${name}.md`), md);
console.log(md);
