import type { RecordedRequest } from '@milana-js/test-server';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { usePipelinePage } from './pipeline-page-server.js';

const { ingest, openPage } = usePipelinePage('./fixtures/pipeline-page.ts');

/**
 * Close a page whose recorder is done with: stopping it first (no sends on 'restart') keeps its
 * close ping from reaching the server during the next test.
 */
async function closeQuietly(page: Page): Promise<void> {
  await page.evaluate(() => window.__stop('restart'));
  await page.close();
}

const eventNumbers = (req: RecordedRequest): number[] =>
  (req.json as { events: { type: number; data: { n?: number } }[] }).events
    .filter((e) => e.type === 3)
    .map((e) => e.data.n!);

const pageSends = (page: Page) => page.evaluate(() => window.__sends.map((s) => ({ ...s })));

describe('pipeline in Chromium', () => {
  it('delivers every event exactly once across regular sends', async () => {
    const page = await openPage();
    await page.evaluate(() => window.__emit(3));
    await page.clock.runFor(10_000);
    await page.evaluate(() => window.__settled(1));
    await page.evaluate(() => window.__emit(2));
    await page.clock.runFor(10_000);
    await page.evaluate(() => window.__settled(2));
    const batches = await ingest().waitFor('/batch', 2);
    expect(batches.map(eventNumbers)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect((await pageSends(page)).map((s) => [s.path, s.keepalive, s.abortable])).toEqual([
      ['/batch', false, true],
      ['/batch', false, true],
    ]);
    await closeQuietly(page);
  });

  it('delivers the buffer with keepalive when the page becomes hidden', async () => {
    const page = await openPage();
    await page.evaluate(() => window.__emit(2));
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const [flush] = await ingest().waitFor('/batch', 1);
    expect(eventNumbers(flush!)).toEqual([1, 2]);
    const events = (flush!.json as { events: { type: number; data: any }[] }).events;
    expect(events.at(-1)).toMatchObject({
      type: 5,
      data: { tag: 'V', payload: { type: 4, visibilityState: 'hidden' } },
    });
    expect(flush!.gzip).toBe(false);
    await page.evaluate(() => window.__settled(1));
    expect(await pageSends(page)).toEqual([
      { path: '/batch', keepalive: true, gzip: false, abortable: false, outcome: '200' },
    ]);
    // The buffer was emptied: the next tick has nothing to send.
    await page.clock.runFor(10_000);
    expect(await pageSends(page)).toHaveLength(1);
    await closeQuietly(page);
  });

  it('sends the close ping and delivers the buffer with keepalive when the page is closed', async () => {
    const page = await openPage();
    const started: { path: string; keepalive: boolean }[] = [];
    await page.exposeFunction('__report', (record: { path: string; keepalive: boolean }) => {
      started.push({ path: record.path, keepalive: record.keepalive });
    });
    // A first regular send, as on any real page, so the /batch CORS preflight is cached by unload time.
    await page.evaluate(() => window.__emit(1));
    await page.clock.runFor(10_000);
    await page.evaluate(() => window.__settled(1));
    await page.evaluate(() => window.__emit(3));
    // Closing a tab fires pagehide (persisted=false) and then visibilitychange to hidden.
    await page.close({ runBeforeUnload: false });
    const batches = await ingest().waitFor('/batch', 3);
    const ping = batches.find((b) => (b.json as { isPageClose?: boolean }).isPageClose === true);
    const flush = batches.find((b, i) => i > 0 && b !== ping);
    expect(ping?.bodyText).toMatch(
      /^\{"version":1,"batchStartedAt":\d+,"isPageClose":true,"events":\[\]\}$/,
    );
    expect(eventNumbers(flush!)).toEqual([2, 3, 4]);
    expect(started.slice(1)).toEqual([
      { path: '/batch', keepalive: true },
      { path: '/batch', keepalive: true },
    ]);
    expect(batches).toHaveLength(3);
  });

  it('sends the abort batch and then the final metrics on stop(abort)', async () => {
    const page = await openPage();
    await page.evaluate(() => window.__emit(2));
    await page.evaluate(() => window.__stop('abort'));
    const [abort] = await ingest().waitFor('/batch', 1);
    const [metrics] = await ingest().waitFor('/metrics', 1);
    expect(abort!.json).toMatchObject({ isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' });
    expect(eventNumbers(abort!)).toEqual([1, 2]);
    expect(metrics!.seq).toBeGreaterThan(abort!.seq);
    expect(metrics!.json).toMatchObject({ histograms: { numEventsInBuffer: 0 } });
    expect(await page.evaluate(() => window.__captureStopped)).toBe(true);
    await closeQuietly(page);
  });

  it('retries a failing server after 5, 15, 30, 60 and 300 s, then gives up and sends nothing more', async () => {
    ingest().setDefault('/batch', { status: 503, json: { success: false } });
    const page = await openPage();
    const batchCount = async () =>
      (await pageSends(page)).filter((s) => s.path === '/batch').length;
    await page.evaluate(() => window.__emit(2));
    await page.clock.runFor(10_000);
    expect(await batchCount()).toBe(1);
    for (const [i, delay] of [5_000, 15_000, 30_000, 60_000, 300_000].entries()) {
      const sends = (await pageSends(page)).length;
      await page.evaluate((n) => window.__settled(n), sends);
      if (i === 1) await page.evaluate(() => window.__emit(1));
      await page.clock.runFor(delay - 1);
      expect(await batchCount()).toBe(i + 1);
      await page.clock.runFor(1);
      expect(await batchCount()).toBe(i + 2);
    }
    const total = (await pageSends(page)).length;
    await page.evaluate((n) => window.__settled(n), total);
    expect(await page.evaluate(() => window.__hostCalls)).toEqual(['halt:retry-limit']);
    const batches = await ingest().waitFor('/batch', 6);
    // Each attempt re-sends the buffer: the old events plus the one added during the 2nd backoff.
    expect(batches.map(eventNumbers)).toEqual([
      [1, 2],
      [1, 2],
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
    await page.clock.runFor(900_000);
    const after = await pageSends(page);
    expect(after.filter((s) => s.path === '/batch')).toHaveLength(6);
    expect(after.at(-1)!.path).toBe('/metrics');
    expect(ingest().requestsTo('/batch')).toHaveLength(6);
    await closeQuietly(page);
  });
});
