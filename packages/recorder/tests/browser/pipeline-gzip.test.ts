import { launchChromium, startTestServer, type TestServer } from '@milana-js/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundle } from './pipeline-page-server.js';

// Gzip needs an https page (§12). Playwright routing serves the page from an https origin and
// forwards the ingest origin to the plain-HTTP test server, so no certificate is involved.

const PAGE_ORIGIN = 'https://app.milana.test';
const INGEST_ORIGIN = 'https://ingest.milana.test';

let browser: Browser;
let ingest: TestServer;
let script: string;

beforeAll(async () => {
  [script, ingest, browser] = await Promise.all([
    bundle('./fixtures/pipeline-page.ts'),
    startTestServer(),
    launchChromium(),
  ]);
});

beforeEach(() => {
  ingest.reset();
});

afterAll(async () => {
  await browser?.close();
  await ingest?.close();
});

async function openHttpsPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.route(`${PAGE_ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/page.js') {
      return route.fulfill({ contentType: 'text/javascript', body: script });
    }
    return route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html><head><script src="/page.js"></script></head><body></body></html>',
    });
  });
  await page.route(`${INGEST_ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const response = await route.fetch({ url: ingest.url + path });
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'access-control-allow-origin': PAGE_ORIGIN },
    });
  });
  const t0 = Date.now();
  await page.clock.install({ time: t0 });
  await page.goto(`${PAGE_ORIGIN}/?endpoint=${encodeURIComponent(INGEST_ORIGIN)}`);
  await page.clock.pauseAt(t0 + 60_000);
  await page.evaluate(() => window.__start());
  return page;
}

describe('pipeline gzip in Chromium', () => {
  it('gzips regular sends on an https page with CompressionStream, and the server decodes them', async () => {
    const page = await openHttpsPage();
    await page.evaluate(() => window.__emit(3));
    await page.clock.runFor(10_000);
    await page.evaluate(() => window.__settled(1));
    const [batch] = await ingest.waitFor('/batch', 1);
    expect(batch!.gzip).toBe(true);
    expect(batch!.headers['content-encoding']).toBe('gzip');
    expect(batch!.headers['content-type']).toBe('application/json');
    expect(batch!.decodeError).toBeUndefined();
    const events = (batch!.json as { events: { data: { n: number } }[] }).events;
    expect(events.map((e) => e.data.n)).toEqual([1, 2, 3]);
    expect(await page.evaluate(() => window.__sends.map((s) => [s.gzip, s.outcome]))).toEqual([
      [true, '200'],
    ]);
    await page.evaluate(() => window.__stop('restart'));
    await page.close();
  });

  it('never gzips the hide-flush, even on an https page', async () => {
    const page = await openHttpsPage();
    await page.evaluate(() => {
      window.__emit(2);
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const [flush] = await ingest.waitFor('/batch', 1);
    expect(flush!.gzip).toBe(false);
    expect((flush!.json as { events: unknown[] }).events).toHaveLength(3);
    await page.evaluate(() => window.__stop('restart'));
    await page.close();
  });
});
