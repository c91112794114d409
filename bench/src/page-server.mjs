/**
 * Serves the benchmark pages, the harness and the scenario bundles from a second 127.0.0.1 port, so every SDK talks
 * to the collector cross-origin (with CORS preflights) as it would in production.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HARNESS = fileURLToPath(new URL('./page/harness.mjs', import.meta.url));

/** A page with some content for a recorder's first snapshot, and an empty feed to mutate. */
function pageHtml(bundleUrl, collector) {
  const rows = Array.from({ length: 200 }, (_, i) => `<li class="row">static row ${i}</li>`).join(
    '',
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Milana bench</title>
<script>
window.__t0 = performance.now();
window.__benchConfig = { collector: ${JSON.stringify(collector)} };
window.__longtasks = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) { window.__longtasks.push([e.startTime, e.duration]); });
}).observe({ type: 'longtask', buffered: true });
</script>
<script type="module">
import * as adapter from ${JSON.stringify(bundleUrl)};
import { install } from '/harness.mjs';
install(adapter);
</script>
<style>body{font:14px sans-serif;margin:2rem}.row{padding:2px 0}</style>
</head>
<body>
<header><h1>Dashboard</h1><nav><a href="#a">Overview</a> <a href="#b">Reports</a></nav></header>
<main>
<form><label>Search <input name="q" type="search"></label><label>Email <input name="email" type="email"></label>
<button type="button">Go</button></form>
<ul id="static">${rows}</ul>
<ul id="feed"></ul>
</main>
</body>
</html>`;
}

/**
 * Serves the pages of the built scenarios and the harness.
 *
 * @param {{ collector: string, builds: Map<string, import('./scenario-builds.mjs').ScenarioBuild> }} options
 * @returns {Promise<{ origin: string, url(sdk: string, scenario: string): string, fetched(): string[], close(): Promise<void> }>}
 */
export async function startPageServer({ collector, builds }) {
  const files = new Map([['/harness.mjs', HARNESS]]);
  for (const build of builds.values()) {
    for (const f of build.files)
      files.set(`/bundles/${build.key}/${path.basename(f.file)}`, f.file);
  }

  let fetched = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://pages');
    const page = /^\/page\/([\w-]+)$/.exec(url.pathname);
    if (page) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(pageHtml(`/bundles/${page[1]}/${page[1]}.js`, collector));
      return;
    }
    const file = files.get(url.pathname);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    fetched.push(path.basename(url.pathname));
    res.writeHead(200, { 'content-type': 'application/javascript', 'cache-control': 'no-store' });
    res.end(await readFile(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (sdk, scenario) => `${origin}/page/${sdk}-${scenario}`,
    /** Names of the files requested since the last call (which files a page really loaded). */
    fetched() {
      const out = fetched;
      fetched = [];
      return out;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
