import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInspector } from '../scripts/build-inspector.mjs';
import type { DevServer } from '../src/server.js';
import { batch, getJson, openSession, post, startTestServer } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let devServer: DevServer;
let pageServer: Server;
let pageUrl: string;
let browser: Browser;
let inspectorDir: string;

/** Serves the recorded test page from another origin, so every ingest call goes through CORS. */
async function startPageServer(script: string, endpoint: string): Promise<string> {
  const html = `<!doctype html><html><head><title>Fixture</title></head><body>
<h1>Hello from the recorded page</h1><p>Some text the replay must show.</p>
<script>window.__MILANA_ENDPOINT__ = ${JSON.stringify(endpoint)};</script><script src="/record.js"></script></body></html>`;
  pageServer = createServer((req, res) => {
    const js = req.url === '/record.js';
    res.writeHead(200, {
      'Content-Type': js ? 'text/javascript' : 'text/html',
      Connection: 'close',
    });
    res.end(js ? script : html);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  // "localhost" is a different origin from the dev server's 127.0.0.1.
  return `http://localhost:${(pageServer.address() as AddressInfo).port}/`;
}

beforeAll(async () => {
  // A private copy of the inspector build, so a parallel package build cannot pull it away.
  inspectorDir = mkdtempSync(join(tmpdir(), 'milana-inspector-'));
  await buildInspector(inspectorDir);
  const bundle = await build({
    entryPoints: [join(here, 'fixtures', 'record-page.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2020',
    logLevel: 'silent',
  });
  devServer = await startTestServer({ inspectorDir });
  pageUrl = await startPageServer(bundle.outputFiles[0]!.text, devServer.endpoint);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (pageServer ? pageServer.close(resolve) : resolve(undefined)));
  await devServer?.close();
  rmSync(inspectorDir, { recursive: true, force: true });
});

describe('inspector in Chromium', () => {
  it('lists a recorded session with its user and replays the recorded page text', async () => {
    const recorder = await browser.newPage();
    await recorder.goto(pageUrl);
    const sessionId = await recorder.evaluate(() => window.__recordingDone as Promise<string>);
    await recorder.close();

    const { body } = await getJson(devServer, `/api/sessions/${sessionId}`);
    expect(body).toMatchObject({ userId: 'u_browser', environment: 'browser-test', closed: false });
    const { requests } = (
      await getJson(devServer, `/api/sessions/${sessionId}/requests?endpoint=batch`)
    ).body;
    expect(requests.map((r: { gzip: boolean }) => r.gzip)).toEqual([true, false]);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(devServer.inspectorUrl);
    const row = page.locator(`tr[data-session-id="${sessionId}"]`);
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('Bea Browser');
    expect(await row.innerText()).toContain('browser-test');

    await row.click();
    await page.locator('.timeline li').first().waitFor();
    expect(await page.locator('.timeline').innerText()).toContain('fixture.clicked');
    const replay = page.frameLocator('#replay iframe');
    await expect
      .poll(() => replay.locator('body').innerText(), { timeout: 10_000 })
      .toContain('Hello from the recorded page');
    if (process.env.INSPECTOR_SCREENSHOT)
      await page.screenshot({ path: process.env.INSPECTOR_SCREENSHOT, fullPage: true });

    // Live updates: a batch arriving while the page is open shows up without a reload.
    const live = {
      type: 5,
      timestamp: Date.now(),
      data: { tag: 'V', payload: { type: 1, name: 'arrived.live', attributes: {} } },
    };
    await post(devServer, 'batch', batch([live]), {
      sessionId,
      headers: { 'X-Milana-Client-Key': 'key_browser_test' },
    });
    await expect
      .poll(() => page.locator('.timeline').innerText(), { timeout: 10_000 })
      .toContain('arrived.live');
    await expect.poll(() => page.locator('#live-note').innerText()).toContain('1 new events');

    await page.goto(`${devServer.inspectorUrl}#/users/u_browser`);
    await expect.poll(() => page.locator('main').innerText()).toContain('browser@example.org');
    if (process.env.INSPECTOR_SCREENSHOT)
      await page.screenshot({
        path: process.env.INSPECTOR_SCREENSHOT.replace(/\.png$/, '-user.png'),
        fullPage: true,
      });
    await page.goto(devServer.inspectorUrl);
    await row.waitFor();
    if (process.env.INSPECTOR_SCREENSHOT)
      await page.screenshot({
        path: process.env.INSPECTOR_SCREENSHOT.replace(/\.png$/, '-list.png'),
      });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('replays without remote fetches unless asked, and live updates fetch only new events', async () => {
    // A "remote" host the recording points at; it counts what the replay asks of it.
    let remoteHits = 0;
    const remote = createServer((_req, res) => {
      remoteHits++;
      res.writeHead(404, { Connection: 'close' }).end();
    });
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
    const pixel = `http://127.0.0.1:${(remote.address() as AddressInfo).port}/pixel.png`;
    const start = Date.now();
    const id = await openSession(devServer);
    const snapshot = {
      type: 2,
      timestamp: start + 10,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            {
              type: 2,
              tagName: 'html',
              id: 2,
              attributes: {},
              childNodes: [
                {
                  type: 2,
                  tagName: 'body',
                  id: 3,
                  attributes: {},
                  childNodes: [
                    { type: 3, textContent: 'Remote image below', id: 4 },
                    { type: 2, tagName: 'img', id: 5, attributes: { src: pixel }, childNodes: [] },
                  ],
                },
              ],
            },
          ],
        },
        initialOffset: { left: 0, top: 0 },
      },
    };
    const meta = {
      type: 4,
      timestamp: start,
      data: { href: 'https://app.example/', width: 800, height: 600 },
    };
    await post(devServer, 'batch', batch([meta, snapshot]), { sessionId: id });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const eventFetches: string[] = [];
    page.on('request', (r) => {
      if (/\/sessions\/[^/]+\/events/.test(r.url())) eventFetches.push(new URL(r.url()).search);
    });
    await page.goto(`${devServer.inspectorUrl}#/sessions/${id}`);
    const replay = page.frameLocator('#replay iframe');
    await expect
      .poll(() => replay.locator('body').innerText(), { timeout: 10_000 })
      .toContain('Remote image below');
    const sandbox = await page.locator('#replay iframe').getAttribute('sandbox');
    expect(sandbox).not.toContain('allow-scripts');
    expect(remoteHits).toBe(0);

    // A live batch: the page asks only for what was stored after its cursor.
    await post(
      devServer,
      'batch',
      batch([{ type: 3, timestamp: start + 50, data: { source: 2, type: 2, id: 4 } }]),
      {
        sessionId: id,
      },
    );
    await expect.poll(() => page.locator('#live-note').innerText()).toContain('1 new events');
    expect(eventFetches[0]).toBe('');
    expect(eventFetches.slice(1).every((q) => /^\?after=\d+$/.test(q))).toBe(true);
    expect(eventFetches.length).toBeGreaterThan(1);

    // Asked for: the same replay may fetch from the hosts the recording names.
    await page.locator('a.remote-toggle').click();
    await page.waitForURL(/\?remote=1#/);
    await expect
      .poll(() => page.frameLocator('#replay iframe').locator('body').innerText(), {
        timeout: 10_000,
      })
      .toContain('Remote image below');
    await expect.poll(() => remoteHits, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.close();
    await new Promise((resolve) => remote.close(resolve));
  });
});
