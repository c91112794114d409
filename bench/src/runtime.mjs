/**
 * Runtime measurements in headless Chromium: one fresh browser context per run, so no SDK finds
 * storage or a warm cache from an earlier run.
 */
import { chromium } from 'playwright-core';
import { trafficSince } from './collector.mjs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** After the identity calls every SDK gets at least this long to send what they caused. */
const IDENTITY_SETTLE_MS = 2500;
/** Recorders process mutations asynchronously; blocking in this tail still counts. */
const MUTATION_TAIL_MS = 2000;
/** Time for a recorder to load and take its first snapshot before the mutations start. */
const RECORDER_WARMUP_MS = 1500;
const INIT_TIMEOUT_MS = 15000;
/** Longest wait for a recorder's first upload after the measurement. */
const RECORDING_UPLOAD_WAIT_MS = 15000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition, maxMs) {
  const end = Date.now() + maxMs;
  while (!condition() && Date.now() < end) await sleep(100);
}

/** Launches the Debian Chromium with `gc()` exposed and no name resolution beyond 127.0.0.1. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      '--js-flags=--expose-gc',
      '--enable-precise-memory-info',
      // Offline and honest: any vendor host an SDK tries to reach fails fast and is reported.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

/** Main-thread busy time of the page's renderer so far (CDP `TaskDuration`), in ms. */
async function taskMs(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration').value * 1000;
}

async function heapAfterGc(page, cdp) {
  await page.evaluate(() => {
    if (typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
  });
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

async function openPage(browser, env, sdkId, scenario) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const external = new Set();
  const errors = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && url.hostname !== '127.0.0.1') external.add(url.host);
  });
  page.on('pageerror', (error) => errors.push(String(error).split('\n')[0]));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  env.pages.fetched();
  await page.goto(env.pages.url(sdkId, scenario), { waitUntil: 'load' });
  await page.waitForFunction(
    () => window.__bench && (window.__bench.initMs !== null || window.__bench.initError !== null),
    null,
    {
      timeout: INIT_TIMEOUT_MS,
    },
  );
  const init = await page.evaluate(() => ({
    initMs: window.__bench.initMs,
    initError: window.__bench.initError,
  }));
  return { context, page, cdp, external, errors, init };
}

/** Navigating away fires pagehide/visibilitychange, which is when most SDKs flush their queues. */
async function leave(page, env) {
  await page.goto('about:blank');
  await env.collector.waitQuiet(1000, 5000);
}

/**
 * The identity page: time to init, main-thread time of 1 identify + 100 metadata updates,
 * requests and bytes (whole page life, including the flush on leaving), heap after GC.
 */
export async function identityRun(browser, env, sdkId) {
  env.collector.reset({ recording: false });
  const { context, page, cdp, external, errors, init } = await openPage(
    browser,
    env,
    sdkId,
    'identity',
  );
  try {
    if (init.initError) return { error: `init failed: ${init.initError}` };
    await env.collector.waitQuiet(500, 5000);
    const afterInit = env.collector.snapshot();
    const before = await taskMs(cdp);
    const phase = await page.evaluate(() => window.__bench.identityPhase());
    await sleep(IDENTITY_SETTLE_MS);
    await env.collector.waitQuiet(500, 8000);
    const mainThreadMs = (await taskMs(cdp)) - before;
    const afterPhase = env.collector.snapshot();
    const heapBytes = await heapAfterGc(page, cdp);
    const bundles = env.pages.fetched();
    await leave(page, env);
    const total = env.collector.snapshot();
    return {
      initMs: init.initMs,
      syncMs: phase.syncMs,
      settledMs: phase.settledMs,
      rejected: phase.rejected,
      unsuccessful: phase.unsuccessful,
      mainThreadMs,
      heapBytes,
      traffic: total,
      trafficAtInit: afterInit,
      trafficInPhase: trafficSince(afterPhase, afterInit),
      bundles,
      external: [...external],
      errors,
    };
  } finally {
    await context.close();
  }
}

/**
 * The recording page: long tasks and total blocking time while the page makes 5,000 DOM
 * mutations with the SDK recording, plus main-thread time and heap. `recorded` says whether the
 * collector received recording data (true/false when `waitForUpload`; else true or null, since
 * an upload may simply not be due yet).
 */
export async function recordingRun(browser, env, sdkId, waitForUpload) {
  env.collector.reset({ recording: true });
  const { context, page, cdp, external, errors, init } = await openPage(
    browser,
    env,
    sdkId,
    'recording',
  );
  try {
    if (init.initError) return { error: `init failed: ${init.initError}` };
    await sleep(RECORDER_WARMUP_MS);
    await env.collector.waitQuiet(500, 5000);
    const before = await taskMs(cdp);
    const trafficBefore = env.collector.snapshot();
    const m = await page.evaluate(() => window.__bench.mutate());
    await sleep(MUTATION_TAIL_MS);
    const mainThreadMs = (await taskMs(cdp)) - before;
    const windowEnd = m.end + MUTATION_TAIL_MS;
    const tasks = (await page.evaluate(() => window.__longtasks)).filter(
      ([start]) => start >= m.start && start < windowEnd,
    );
    const heapBytes = await heapAfterGc(page, cdp);
    const trafficDuring = trafficSince(env.collector.snapshot(), trafficBefore);
    // Recorders upload on their own schedule (milana-js every 10 s), and a page-hide flush of
    // more than 64 KiB cannot go out as a keepalive request. Give the periodic upload its chance
    // before leaving, so `recorded` reflects whether the recorder worked, not the exit path.
    if (waitForUpload)
      await waitFor(() => env.collector.snapshot().recordingRequests > 0, RECORDING_UPLOAD_WAIT_MS);
    await leave(page, env);
    const total = env.collector.snapshot();
    return {
      mutations: m.made,
      mutateMs: m.end - m.start,
      longTasks: tasks.length,
      longestTaskMs: tasks.reduce((max, [, d]) => Math.max(max, d), 0),
      tbtMs: tasks.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
      mainThreadMs,
      heapBytes,
      trafficDuring,
      traffic: total,
      recorded: total.recordingRequests > 0 ? true : waitForUpload ? false : null,
      bundles: env.pages.fetched(),
      external: [...external],
      errors,
    };
  } finally {
    await context.close();
  }
}
