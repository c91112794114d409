/**
 * Builds one page per SDK (the SDK bundled with `page-driver.mjs` as an app would, lazy chunks
 * kept lazy) and serves each from its own 127.0.0.1 origin, pointed at its own proxy.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bundle } from '../bundle.mjs';
import { TMP_DIR } from '../paths.mjs';

const DRIVER = path.join(path.dirname(new URL(import.meta.url).pathname), 'page-driver.mjs');

/** `sdk` is the npm name to import (`milana-js` or the 1.0.16 alias `milana-js-upstream`). */
export async function startSdkPage({ id, pkg, endpoint }) {
  const outdir = path.join(TMP_DIR, 'faults', id);
  const files = await bundle({
    code: `import * as sdk from ${JSON.stringify(pkg)};\nimport { installDriver } from ${JSON.stringify(DRIVER)};\ninstallDriver(sdk);`,
    outdir,
    name: 'main',
    write: true,
  });
  const served = new Map();
  for (const f of files) served.set(`/${path.basename(f.file)}`, await readFile(f.file));
  const html = `<!doctype html><html><head><title>faults ${id}</title>
<script type="application/json" id="faults-config">${JSON.stringify({ endpoint })}</script>
<script type="module" src="/main.js"></script></head><body><div id="feed"></div></body></html>`;
  const server = createServer((req, res) => {
    const file = served.get((req.url ?? '/').split('?')[0]);
    if (file) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(file);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(html);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
