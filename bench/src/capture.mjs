/**
 * `node bench/src/capture.mjs` (or `pnpm --filter @milana-js/bench bench:capture`): what the
 * context capture of issue 20 costs, side by side.
 *
 * 1. Size: the recorder as an app bundles it (esbuild, ESM, splitting, minified; brotli 11):
 *    the recorder chunk, the part of it that exists for capture (the lazy loader), the context
 *    chunk loaded with any capture (option checks, network, errors) and the console chunk loaded
 *    only with console capture (our console part and rrweb's console plugin).
 * 2. Main thread: 1,000 sequential `fetch` calls on a page with no SDK, with the SDK recording
 *    without capture, and with network capture on: Chromium's TaskDuration (CDP) across the
 *    loop, median of --runs (default 5).
 * 3. Upload volume: with console, network and error capture on, the share of the uploaded
 *    events (JSON characters, as sent before gzip) that the capture events take.
 *
 * Needs built packages (`pnpm turbo run build --filter milana-js...`) and /usr/bin/chromium.
 * Writes bench/results/capture.json and capture.md.
 */
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { startTestServer } from '@milana-js/test-server';
import { bundle } from './bundle.mjs';
import { BENCH_DIR, REPO_DIR, RESULTS_DIR, TMP_DIR } from './paths.mjs';
import { launch } from './runtime.mjs';
import { measure } from './sizes.mjs';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
const CALLS = 1000;
const DIST = path.join(REPO_DIR, 'packages', 'milana-js', 'dist');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (bytes) => new TextDecoder().decode(bytes);

async function sizes() {
  const files = await bundle({
    code: "export { init } from 'milana-js';",
    outdir: path.join(TMP_DIR, 'capture'),
    name: 'capture',
  });
  const recorder = files.find((f) => text(f.bytes).includes('milana/scroll-depth@1'));
  const context = files.find((f) => text(f.bytes).includes('capture is off'));
  const consoleChunk = files.find((f) => text(f.bytes).includes('console entries were dropped'));
  // The recorder built from source again with the capture link replaced by a no-op: the
  // difference is what capture adds to the recorder chunk itself (the lazy loader).
  const stubbed = await build({
    entryPoints: [path.join(REPO_DIR, 'packages/recorder/src/index.ts')],
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    write: false,
    outdir: path.join(TMP_DIR, 'capture-stub'),
    logLevel: 'silent',
    tsconfigRaw: '{}',
    plugins: [
      {
        name: 'no-capture',
        setup(b) {
          b.onResolve({ filter: /context-link\.js$/ }, () => ({ path: 'stub', namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
            contents: 'export const startContextLink = () => undefined;',
            loader: 'js',
          }));
        },
      },
    ],
  });
  const full = await build({
    entryPoints: [path.join(REPO_DIR, 'packages/recorder/src/index.ts')],
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    write: false,
    outdir: path.join(TMP_DIR, 'capture-full'),
    logLevel: 'silent',
    tsconfigRaw: '{}',
  });
  const entryOf = (result) =>
    result.outputFiles.find((f) => text(f.contents).includes('milana/scroll-depth@1'));
  const without = measure([entryOf(stubbed).contents]).brotli;
  const withLink = measure([entryOf(full).contents]).brotli;
  const linkSize = { brotli: withLink - without };
  const recorderSize = measure([recorder.bytes]);
  const contextSize = measure([context.bytes]);
  const consoleSize = measure([consoleChunk.bytes]);
  return {
    recorderWithCapture: recorderSize.brotli,
    recorderWithoutCapture: recorderSize.brotli - linkSize.brotli,
    loaderInRecorder: linkSize.brotli,
    contextChunk: contextSize.brotli,
    consoleChunk: consoleSize.brotli,
    addedNetworkErrors: linkSize.brotli + contextSize.brotli,
    added: linkSize.brotli + contextSize.brotli + consoleSize.brotli,
  };
}

/** The app page: optional SDK (script tag), then a button-less loop the bench drives. */
function page(ingest, mode) {
  const capture =
    mode === 'network'
      ? '{ network: true }'
      : mode === 'all'
        ? '{ network: true, console: true, errors: true }'
        : 'undefined';
  const sdk =
    mode === 'none'
      ? ''
      : `<script>window._milanaQueue=[];window.Milana=function(){_milanaQueue.push([].slice.call(arguments))};
Milana('init','prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC','key_bench',{environment:'bench',version:'1'},{endpoint:'${ingest}',capture:${capture}});</script>
<script async src="/dist/milana.js"></script>`;
  return `<!doctype html><html><head>${sdk}</head><body><h1>capture bench</h1><ul id="l"></ul></body></html>`;
}

async function runtime(browser, ingest, appUrl, mode) {
  const context = await browser.newContext();
  const p = await context.newPage();
  const cdp = await context.newCDPSession(p);
  await cdp.send('Performance.enable');
  await p.goto(`${appUrl}/${mode}.html`);
  if (mode !== 'none') {
    await p.waitForFunction(
      () =>
        performance.getEntriesByName(new URL('/dist/milana-recorder.js', location.href).href)
          .length > 0,
      null,
      { timeout: 15_000 },
    );
    await sleep(1500); // rrweb starts at idle time; the capture chunk is loaded by then
  }
  const metric = async (name) =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value * 1000;
  const before = [await metric('TaskDuration'), await metric('ScriptDuration')];
  // An app that fetches and renders: each answer becomes a list item (a DOM mutation to record).
  await p.evaluate(async (calls) => {
    const list = document.getElementById('l');
    for (let i = 0; i < calls; i++) {
      const body = await (await fetch(`/api/item?i=${i}`)).text();
      const item = document.createElement('li');
      item.textContent = `${i} ${body}`;
      list.append(item);
    }
  }, CALLS);
  const ms = (await metric('TaskDuration')) - before[0];
  const scriptMs = (await metric('ScriptDuration')) - before[1];
  return { ms, scriptMs, page: p, context };
}

async function volume(browser, ingest, appUrl) {
  ingest.reset();
  const { page: p, context } = await runtime(browser, ingest, appUrl, 'all');
  await p.evaluate(() => {
    for (let i = 0; i < 20; i++) console.warn('bench warning', i, { detail: 'x'.repeat(40) });
    for (let i = 0; i < 3; i++)
      setTimeout(() => {
        throw new Error('bench error');
      });
  });
  await sleep(200);
  await p.evaluate(() => window.Milana('stopRecording'));
  for (let i = 0; i < 100 && !ingest.requestsTo('/batch').some((r) => r.json?.isClientAbort); i++)
    await sleep(100);
  await context.close();
  let total = 0;
  let entries = 0;
  let dropped = 0;
  const byPlugin = {};
  let wire = 0;
  for (const r of ingest.requestsTo('/batch')) {
    wire += r.bodyText.length;
    for (const e of r.json?.events ?? []) {
      const size = JSON.stringify(e).length;
      total += size;
      const name = e.type === 6 ? e.data?.plugin : undefined;
      if (name === 'milana/network@1') {
        if (e.data.payload?.dropped) dropped += e.data.payload.dropped;
        else entries++;
      }
      if (['milana/network@1', 'rrweb/console@1', 'milana/error@1'].includes(name))
        byPlugin[name] = (byPlugin[name] ?? 0) + size;
    }
  }
  const capture = Object.values(byPlugin).reduce((a, b) => a + b, 0);
  return {
    uploadedBodyChars: wire,
    totalEventChars: total,
    captureChars: capture,
    byPlugin,
    share: capture / Math.max(1, total),
    networkEntries: entries,
    networkDropped: dropped,
    perRequest: (byPlugin['milana/network@1'] ?? 0) / Math.max(1, entries),
  };
}

async function main() {
  const size = await sizes();
  const ingest = await startTestServer({ idleTimeoutMs: 600_000 });
  const app = createServer(async (req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    const html = /^\/(none|off|network|all)\.html$/.exec(url)?.[1];
    if (html)
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(page(ingest.url, html));
    if (url === '/api/item')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    const file = /^\/dist\/(milana(?:-recorder|-capture|-console)?\.js)$/.exec(url)?.[1];
    if (!file) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'text/javascript' })
      .end(await readFile(path.join(DIST, file)));
  });
  await new Promise((done) => app.listen(0, '127.0.0.1', done));
  const appUrl = `http://127.0.0.1:${app.address().port}`;
  const browser = await launch();
  const times = { none: [], off: [], network: [] };
  const scripts = { none: [], off: [], network: [] };
  const modes = Object.keys(times);
  for (let run = 0; run < RUNS; run++) {
    // The order rotates from run to run, so a slow moment of the shared machine does not always
    // land on the same page.
    for (const mode of [...modes.slice(run % 3), ...modes.slice(0, run % 3)]) {
      const { ms, scriptMs, context } = await runtime(browser, ingest, appUrl, mode);
      times[mode].push(ms);
      scripts[mode].push(scriptMs);
      await context.close();
    }
  }
  const upload = await volume(browser, ingest, appUrl);
  await browser.close();
  app.close();
  await ingest.close();

  const main = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const script = Object.fromEntries(Object.entries(scripts).map(([k, v]) => [k, median(v)]));
  const results = {
    date: new Date().toISOString(),
    runs: RUNS,
    calls: CALLS,
    size,
    mainThreadMs: main,
    scriptMs: script,
    mainThreadRuns: times,
    scriptRuns: scripts,
    upload,
  };
  const kb = (b) => `${(b / 1000).toFixed(2)} kB`;
  const md = `# Context capture cost (issue 20)

Measured ${results.date.slice(0, 10)} with \`node bench/src/capture.mjs --runs=${RUNS}\` (2 shared cores; medians).

## Size (brotli 11, as an app bundles the recorder)

| | brotli |
|---|---|
| recorder chunk without capture | ${kb(size.recorderWithoutCapture)} |
| capture code kept in the recorder chunk (the lazy loader) | ${kb(size.loaderInRecorder)} |
| context chunk (option checks, network, errors), loaded only with \`capture\` | ${kb(size.contextChunk)} |
| console chunk (our console part + rrweb's console plugin), loaded only with \`capture.console\` | ${kb(size.consoleChunk)} |
| **added by network + errors** | **${kb(size.addedNetworkErrors)}** (target ≤ 4 kB) |
| **added by all three** | **${kb(size.added)}** (target ≤ 4 kB, not met: the console chunk is mostly rrweb's plugin) |

## Main thread: ${CALLS} sequential fetch calls

Each call's answer is rendered as a list item, so the recorder has mutations to record too.
TaskDuration is all main-thread work of the renderer (CDP), including the page's own loop, the
network and rendering; ScriptDuration is the script time Chromium attributes to the page's
scripts (the SDK's listeners and callbacks; the loop itself runs from DevTools and counts 0).
The order of the three pages rotates from run to run.

| page | TaskDuration (ms) | ScriptDuration (ms) |
|---|---|---|
| no SDK | ${main.none.toFixed(0)} | ${script.none.toFixed(0)} |
| SDK recording, capture off | ${main.off.toFixed(0)} | ${script.off.toFixed(0)} |
| SDK recording, network capture on | ${main.network.toFixed(0)} | ${script.network.toFixed(0)} |

Network capture on minus capture off: ${((script.network - script.off) / CALLS).toFixed(3)} ms of script time per call
(${(((script.network - script.off) / Math.max(1, script.off)) * 100).toFixed(0)} % of the SDK's script time in the loop). The machine
is shared by several builds at once: TaskDuration varies by a factor of two between runs of the same page (every run is in
capture.json), so differences smaller than that are noise.

## Upload volume (console + network + errors on; ${CALLS} fetches rendered, 20 warnings, 3 errors)

| | JSON chars |
|---|---|
| all uploaded events | ${upload.totalEventChars} |
| capture events | ${upload.captureChars} (${(upload.share * 100).toFixed(1)} %) |
${Object.entries(upload.byPlugin)
  .map(([k, v]) => `| ${k} | ${v} |`)
  .join('\n')}

${upload.networkEntries} requests were recorded and ${upload.networkDropped} left out by the burst limit (100 a second;
the loop runs faster than that). One network entry is about ${upload.perRequest.toFixed(0)} characters before gzip.
`;
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(path.join(RESULTS_DIR, 'capture.json'), JSON.stringify(results, null, 2) + '\n');
  await writeFile(path.join(RESULTS_DIR, 'capture.md'), md);
  console.log(md);
}

void BENCH_DIR;
await main();
