// @vitest-environment node
/**
 * Re-entrancy of the state listeners and stops while the recorder loads, in Chromium with the
 * real recorder (rrweb), under playwright's fake clock so the 10 s periodic send can be passed
 * without waiting.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium, startTestServer, type TestServer } from '@milana-js/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const PRODUCT = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

let ingest: TestServer;
let browser: Browser;
let pages: Server;
let pageUrl = '';

beforeAll(async () => {
  const [bundle, server, launched] = await Promise.all([
    build({
      entryPoints: [here('./fixtures/client-page.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      logLevel: 'silent',
      define: { __MILANA_VERSION__: '"0.0.0-test"', __MILANA_GIT_HASH__: '"testhash"' },
      alias: {
        '@milana-js/recorder/protocol': here('../../../recorder/src/protocol.ts'),
        '@milana-js/recorder/context-console': here('../../../recorder/src/context/console.ts'),
        '@milana-js/recorder/context': here('../../../recorder/src/context/index.ts'),
        '@milana-js/recorder': here('../../../recorder/src/index.ts'),
        '@milana-js/core/integrations': here('../../src/integrations.ts'),
      },
    }),
    startTestServer(),
    launchChromium(),
  ]);
  ingest = server;
  browser = launched;
  const script = bundle.outputFiles[0]!.text;
  pages = createServer((req, res) => {
    if ((req.url ?? '').startsWith('/page.js')) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    } else {
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end(
          '<!doctype html><html><head><script src="/page.js"></script></head><body><p>client page</p><input id="field"></body></html>',
        );
    }
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pages.unref();
  pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ingest?.close();
  pages?.closeAllConnections();
  await new Promise<void>((resolve) => (pages ? pages.close(() => resolve()) : resolve()));
});

beforeEach(() => ingest.reset());

/** Opens the page under a paused fake clock; `gate` holds the recorder module until released. */
async function openPage(gate = false): Promise<Page> {
  const page = await browser.newPage();
  const t0 = Date.now();
  await page.clock.install({ time: t0 });
  await page.goto(`${pageUrl}?endpoint=${encodeURIComponent(ingest.url)}${gate ? '&gate' : ''}`);
  await page.clock.pauseAt(t0 + 60_000);
  return page;
}

/** `init` in the page; `stopOn` makes a listener call stopRecording() on that status. */
function init(page: Page, stopOn = ''): Promise<unknown> {
  return page.evaluate(
    ([product, stopOnStatus]) => {
      const milana = window.__milana;
      if (stopOnStatus)
        milana.listen((s) => {
          if (s.status === stopOnStatus) void milana.stopRecording();
        });
      return milana.init(
        product,
        'key_test',
        { environment: 'test', version: '1.0.0' },
        { endpoint: window.__endpoint },
      );
    },
    [PRODUCT, stopOn] as const,
  );
}

/**
 * One real macrotask in the page (a MessageChannel message runs under the paused fake clock), so
 * the promise continuations of what the last clock step started have run.
 */
function macrotask(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(null);
        channel.port2.postMessage(null);
      }),
  );
}

/** Runs the page's clock past rrweb's idle start and several periodic sends, then settles. */
async function runPastSends(page: Page): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await page.clock.runFor(10_000);
    await macrotask(page);
  }
  // Any request the page started has reached the server once a request made after it has.
  await page.evaluate(
    (url) => fetch(`${url}/ping`, { method: 'POST' }).catch(() => null),
    ingest.url,
  );
}

const paths = (): string[] => ingest.requests.map((r) => r.path).filter((p) => p !== '/ping');

describe('the client in Chromium with the real recorder', { timeout: 60_000 }, () => {
  it('records normally (the baseline the stop tests compare against)', async () => {
    const page = await openPage();
    expect(await init(page)).toEqual({ success: true });
    await runPastSends(page);
    expect(await page.evaluate(() => window.__observers())).toBeGreaterThan(0);
    // The regular send gzips first (asynchronously): wait for it rather than race it.
    expect((await ingest.waitFor('/batch', 1, 20_000)).length).toBeGreaterThan(0);
    await page.evaluate(() => window.__milana.stopRecording());
    await page.close();
  });

  it('a listener that stops on "recording" leaves no observer and sends no /batch afterwards', async () => {
    const page = await openPage();
    expect(await init(page, 'recording')).toEqual({ success: true });
    await ingest.waitFor('/metrics', 1);
    await runPastSends(page);
    expect(await page.evaluate(() => window.__milana.getState().status)).toBe('stopped');
    expect(await page.evaluate(() => window.__observers())).toBe(0);
    // Only what stopRecording() sends (§14): the client-abort batch, then the final metrics.
    expect(paths()).toEqual(['/session', '/batch', '/metrics']);
    expect(ingest.requestsTo('/batch')[0]?.json).toMatchObject({ isClientAbort: true, events: [] });
    await page.close();
  });

  it('stopRecording() while the recorder loads sends the abort and final metrics, and never records', async () => {
    const page = await openPage(true);
    expect(await init(page)).toEqual({ success: true });
    await page.evaluate(() => {
      window.__milana.trackEvent('held.while.loading');
      return window.__milana.stopRecording();
    });
    expect(paths()).toEqual(['/session']);
    await page.evaluate(() => window.__releaseRecorder());
    await ingest.waitFor('/metrics', 1);
    await runPastSends(page);
    expect(await page.evaluate(() => window.__observers())).toBe(0);
    expect(paths()).toEqual(['/session', '/batch', '/metrics']);
    const [abort] = ingest.requestsTo('/batch');
    expect(abort?.json).toMatchObject({ isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' });
    expect(abort?.headers['x-milana-session-id']).toBe('sess_1');
    expect(ingest.requestsTo('/metrics')[0]?.json).toMatchObject({
      histograms: { numEventsInBuffer: 0 },
    });
    await page.close();
  });

  it('stopRecording() during a restart backoff leaves no timer behind', async () => {
    const page = await openPage();
    await init(page);
    // The first regular /batch asks for a restart, and the new /session fails: a backoff waits.
    ingest.enqueue('/batch', { json: { success: false, shouldRestartSession: true } });
    ingest.setDefault('/session', { status: 503, body: '' });
    await page.clock.runFor(20_000);
    await ingest.waitFor('/session', 2);
    // The first retry waits 1 s ± 20 % (§23); it is set once the page has read the 503, which on
    // a busy machine can take more than one task after the server answered.
    const backoffs = (delays: number[]): number[] => delays.filter((d) => d >= 800 && d <= 1200);
    await expect
      .poll(async () => backoffs(await page.evaluate(() => window.__pendingDelays())))
      .toHaveLength(1);
    await page.evaluate(() => window.__milana.stopRecording());
    expect(backoffs(await page.evaluate(() => window.__pendingDelays()))).toEqual([]);
    await page.clock.runFor(60_000);
    expect(ingest.requestsTo('/session')).toHaveLength(2);
    expect(await page.evaluate(() => window.__observers())).toBe(0);
    await page.close();
  });
});

/**
 * A restart asked by the first regular /batch whose new /session fails once: resolves once the
 * page waits for the §23 retry, the capture held for the next session (§16) still observing.
 */
async function restartWithFailingSession(page: Page, answer: Parameters<TestServer['enqueue']>[1]) {
  await init(page);
  ingest.enqueue('/batch', { json: { success: false, shouldRestartSession: true } });
  ingest.enqueue('/session', answer);
  await page.clock.runFor(20_000);
  await ingest.waitFor('/session', 2);
  await macrotask(page);
}

/** The first retry of a failed /session (1 s ± 20 %, §23) is set. */
async function retryPending(page: Page): Promise<void> {
  await expect
    .poll(async () =>
      (await page.evaluate(() => window.__pendingDelays())).filter((d) => d >= 800 && d <= 1200),
    )
    .toHaveLength(1);
}

/** Adds a paragraph to the page, which rrweb records as a mutation if it still observes. */
function typeInPage(page: Page, text: string): Promise<void> {
  return page.evaluate((t) => {
    const p = document.createElement('p');
    p.textContent = t;
    document.body.append(p);
  }, text);
}

const batchesOf = (sessionId: string) =>
  ingest.requestsTo('/batch').filter((r) => r.headers['x-milana-session-id'] === sessionId);

describe(
  'the capture held across a server-driven restart, in Chromium',
  { timeout: 60_000 },
  () => {
    it('records what happens while the new /session fails and sends it under the new session id', async () => {
      const page = await openPage();
      await restartWithFailingSession(page, { status: 503, body: '' });
      await retryPending(page);
      expect(await page.evaluate(() => window.__observers())).toBeGreaterThan(0);
      await typeInPage(page, 'typed-while-the-session-failed');
      await page.clock.runFor(2_000);
      await ingest.waitFor('/session', 3);
      await expect
        .poll(() => page.evaluate(() => window.__milana.getState().status))
        .toBe('recording');
      const sessionId = await page.evaluate(() => window.__milana.getState().sessionId!);
      expect(sessionId).not.toBe('sess_1');
      await runPastSends(page);
      await expect.poll(() => batchesOf(sessionId).length, { timeout: 20_000 }).toBeGreaterThan(0);
      const events = batchesOf(sessionId).flatMap((r) => (r.json as { events: any[] }).events);
      // The new session's recording starts validly: Meta, full snapshot, then the load event.
      expect(events.slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
      expect(events[2]).toMatchObject({ type: 5, data: { payload: { type: 2, name: 'load' } } });
      const typed = events.filter(
        (e) => e.type === 3 && JSON.stringify(e).includes('typed-while-the-session-failed'),
      );
      expect(typed).toHaveLength(1);
      // Nothing of it went under the old id.
      expect(JSON.stringify(batchesOf('sess_1').map((r) => r.json))).not.toContain('typed-while');
      await page.evaluate(() => window.__milana.stopRecording());
      expect(await page.evaluate(() => window.__observers())).toBe(0);
      await page.close();
    });

    for (const [how, end] of [
      ['stopRecording()', 'stop'],
      ['a withdrawn consent', 'deny'],
    ] as const) {
      it(`ends on ${how} while the new /session fails: no observer, nothing sent`, async () => {
        const page = await openPage();
        await restartWithFailingSession(page, { status: 503, body: '' });
        await retryPending(page);
        expect(await page.evaluate(() => window.__observers())).toBeGreaterThan(0);
        await typeInPage(page, 'typed-while-held');
        await page.evaluate(async (e) => {
          if (e === 'stop') await window.__milana.stopRecording();
          else window.__milana.setConsent('denied');
        }, end);
        expect(await page.evaluate(() => window.__observers())).toBe(0);
        await typeInPage(page, 'typed-after-the-end');
        await runPastSends(page);
        expect(ingest.requestsTo('/session')).toHaveLength(2);
        expect(JSON.stringify(ingest.requests.map((r) => r.bodyText))).not.toContain('typed-');
        await page.close();
      });
    }

    it('ends when the new session is not sampled: no observer, nothing sent', async () => {
      const page = await openPage();
      await restartWithFailingSession(page, { json: { sampled: false, sessionId: 'sess_ns' } });
      await expect
        .poll(() => page.evaluate(() => window.__milana.getState().status))
        .toBe('not-sampled');
      expect(await page.evaluate(() => window.__observers())).toBe(0);
      await typeInPage(page, 'typed-unsampled');
      await runPastSends(page);
      expect(batchesOf('sess_ns')).toEqual([]);
      expect(JSON.stringify(ingest.requests.map((r) => r.bodyText))).not.toContain('typed-');
      await page.close();
    });
  },
);
