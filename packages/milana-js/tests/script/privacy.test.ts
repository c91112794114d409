// @vitest-environment node
/**
 * The privacy options through the whole script-tag path in Chromium: `Milana('init', ...)` in
 * dist/milana.js (the core copies the options), dist/milana-recorder.js (real rrweb) and the
 * protocol test server, checked on the /batch bodies it received. Needs
 * `pnpm --filter milana-js build` (turbo's test task builds first).
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startTestServer, type TestServer } from '@milana-js/test-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist');

// rrweb starts in an idle callback; here "idle" means "next task", so the page is being recorded
// two tasks after the recorder started (seen through the module slot milana-recorder.js fills).
const PAGE = `<!doctype html><html><head><script>
window.requestIdleCallback = function (cb) { return setTimeout(cb, 0); };
var slot = Symbol.for('milana-js.recorder-module'); var held;
Object.defineProperty(window, slot, { configurable: true, get: function () { return held; }, set: function (m) {
  held = { startCrossOriginIframeRecorder: m.startCrossOriginIframeRecorder, startRecorder: function (host) {
    window.recorderStarted = true; return m.startRecorder(host); } };
} });
</script><script src="/dist/milana.js"></script></head><body>
<div class="milana-unmask"><span>Secret words</span></div>
<input id="site" type="url" value="https://initial.example/URL-INITIAL">
<input id="name" type="text">
<div class="not-secret">NOT-SECRET-CONTENT</div>
<div class="secret-x">SECRET-X-CONTENT</div>
</body></html>`;

let ingest: TestServer;
let statics: Server;
let staticUrl = '';
let browser: Browser;

beforeAll(async () => {
  ingest = await startTestServer();
  statics = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const file = /^\/dist\/(milana(?:-recorder)?\.js)$/.exec(path ?? '')?.[1];
    if (!file) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    readFile(resolve(dist, file)).then(
      (body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((done) => statics.listen(0, '127.0.0.1', done));
  statics.unref();
  staticUrl = `http://127.0.0.1:${(statics.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ingest?.close();
  await new Promise<void>((done) => (statics ? statics.close(() => done()) : done()));
});

interface Recorded {
  /** Every /batch body the server received, joined. */
  text: string;
  warnings: string[];
}

/**
 * Open the page, `Milana('init', ...)` with `privacy`, type into the url and text inputs once
 * rrweb records, then `Milana('stopRecording')` and collect every /batch up to the abort batch.
 */
async function record(privacy: Record<string, unknown>): Promise<Recorded> {
  ingest.reset();
  const page = await browser.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
  try {
    await page.goto(`${staticUrl}/privacy.html`);
    // RegExp values cross page.evaluate as RegExps (playwright serialises them).
    await page.evaluate(
      ([endpoint, options]) =>
        (window as unknown as { Milana: (...a: unknown[]) => void }).Milana(
          'init',
          'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC',
          'key_test',
          { environment: 'test', version: '1.0.0' },
          { endpoint, privacy: options },
        ),
      [ingest.url, privacy] as const,
    );
    await page.waitForFunction(
      () => (window as unknown as { recorderStarted?: boolean }).recorderStarted === true,
    );
    await page.evaluate(() => new Promise((r) => setTimeout(() => setTimeout(r, 0), 0)));
    await page.type('#site', 'URL-TYPED');
    await page.type('#name', 'NAME-TYPED');
    await page.evaluate(() => {
      (window as unknown as { Milana: (c: string) => void }).Milana('stopRecording');
    });
    let abort = false;
    for (let count = 1; !abort; count++) {
      const batches = await ingest.waitFor('/batch', count, 10_000);
      abort = batches.some((b) => (b.json as { isClientAbort?: boolean }).isClientAbort === true);
    }
    const batches = ingest.requestsTo('/batch');
    const events = batches.flatMap((b) => (b.json as { events: { type: number }[] }).events);
    // Not vacuous: rrweb's full snapshot of the page is in.
    expect(events.some((e) => e.type === 2)).toBe(true);
    return { text: batches.map((b) => b.bodyText).join('\n'), warnings };
  } finally {
    await page.close();
  }
}

describe('script tag privacy options in Chromium', { timeout: 30_000 }, () => {
  it('with unmaskClass "" at xhigh, the text of a milana-unmask element never reaches /batch', async () => {
    const { text, warnings } = await record({ maskingLevel: 'xhigh', unmaskClass: '' });
    expect(text).not.toContain('Secret words');
    expect(text).toContain('****** *****');
    expect(warnings.filter((w) => w.startsWith('Milana:'))).toEqual([]);
  });

  it('with maskInputTypes { url: true } and blockClass /secret/y, the url value and secret-x never reach /batch, not-secret does', async () => {
    const { text, warnings } = await record({
      maskInputTypes: { url: true },
      blockClass: /secret/y,
    });
    for (const secret of ['URL-INITIAL', 'URL-TYPED', 'SECRET-X-CONTENT'])
      expect(text, secret).not.toContain(secret);
    expect(text).toContain('NOT-SECRET-CONTENT');
    expect(text).toContain('NAME-TYPED');
    expect(warnings.filter((w) => w.startsWith('Milana:'))).toEqual([]);
  });
});
