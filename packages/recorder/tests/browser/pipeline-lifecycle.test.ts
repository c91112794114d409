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

  it('retries a failing server after 5, 15, 30, 60 s and then every 60 s, never halting, and delivers once it is back', async () => {
    ingest().setDefault('/batch', { status: 503, json: { success: false } });
    const page = await openPage();
    const batchCount = async () =>
      (await pageSends(page)).filter((s) => s.path === '/batch').length;
    await page.evaluate(() => window.__emit(2));
    await page.clock.runFor(10_000);
    expect(await batchCount()).toBe(1);
    // Each delay is jittered by ±20 %: the n-th retry lands within [0.8, 1.2] × its base delay.
    for (const [i, delay] of [5_000, 15_000, 30_000, 60_000, 60_000, 60_000].entries()) {
      const sends = (await pageSends(page)).length;
      await page.evaluate((n) => window.__settled(n), sends);
      if (i === 1) await page.evaluate(() => window.__emit(1));
      await page.clock.runFor(delay * 0.8 - 1);
      expect(await batchCount()).toBe(i + 1);
      await page.clock.runFor(delay * 0.4 + 1);
      expect(await batchCount()).toBe(i + 2);
    }
    await page.evaluate((n) => window.__settled(n), (await pageSends(page)).length);
    expect(await page.evaluate(() => window.__hostCalls)).toEqual([]);
    // The server is back: the next retry delivers every event, once, and the buffer empties.
    ingest().setDefault('/batch', {
      status: 200,
      json: { success: true, sessionId: 'sess_pipeline' },
    });
    await page.clock.runFor(72_000);
    await page.evaluate((n) => window.__settled(n), (await pageSends(page)).length);
    const batches = ingest().requestsTo('/batch');
    expect(batches.slice(0, 2).map(eventNumbers)).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(eventNumbers(batches.at(-1)!)).toEqual([1, 2, 3]);
    const total = batches.length;
    await page.clock.runFor(120_000);
    expect(ingest().requestsTo('/batch')).toHaveLength(total);
    await closeQuietly(page);
  });

  it('keeps the events of a hide-flush that fails during an outage, and sends them when the page is visible again', async () => {
    ingest().setDefault('/batch', { status: 503, json: { success: false } });
    const page = await openPage();
    await page.evaluate(() => window.__emit(3));
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    await page.evaluate(() => window.__settled(1));
    const [flush] = await ingest().waitFor('/batch', 1);
    expect(eventNumbers(flush!)).toEqual([1, 2, 3]);
    expect(await pageSends(page)).toEqual([
      { path: '/batch', keepalive: true, gzip: false, abortable: false, outcome: '503' },
    ]);
    ingest().setDefault('/batch', {
      status: 200,
      json: { success: true, sessionId: 'sess_pipeline' },
    });
    // Becoming visible retries at once, without waiting for the backoff.
    await setVisibility('visible');
    await page.evaluate(() => window.__settled(2));
    const batches = await ingest().waitFor('/batch', 2);
    expect(eventNumbers(batches[1]!)).toEqual([1, 2, 3]);
    const kinds = (batches[1]!.json as { events: { type: number; data: any }[] }).events
      .filter((e) => e.type === 5)
      .map((e) => e.data.payload.visibilityState);
    expect(kinds).toEqual(['hidden', 'visible']);
    await closeQuietly(page);
  });

  it('writes the unsent tail to sessionStorage at pagehide and the next page of the session sends it first', async () => {
    const page = await openPage();
    // ~100 KB of events and no regular send yet: the flush takes the first 60 KiB, storage the rest.
    await page.evaluate(() => window.__emitBig(20, 5_000));
    const stored = () => page.evaluate(() => sessionStorage.getItem('milana_unsent'));
    // A real reload: the browser fires pagehide, then loads the next page of the tab.
    await page.reload();
    const tail = JSON.parse((await stored())!) as { sessionId: string; events: unknown[] };
    expect(tail.sessionId).toBe('sess_pipeline');
    const [flush] = await ingest().waitFor('/batch', 1);
    const flushed = eventNumbers(flush!);
    expect(flushed[0]).toBe(1);
    expect(Buffer.byteLength(flush!.bodyText)).toBeLessThanOrEqual(61_440);
    expect(tail.events).toHaveLength(20 - flushed.length);
    await page.evaluate(() => window.__start());
    await page.evaluate(() => window.__emit(1));
    await page.clock.runFor(1);
    await page.evaluate(() => window.__settled(1));
    const batches = ingest()
      .requestsTo('/batch')
      .filter((b) => !(b.json as any).isPageClose);
    const first = batches[1]!;
    // The stored events first, in order, then the new page's own event (numbered 1 again).
    expect(eventNumbers(first)).toEqual([
      ...Array.from({ length: 20 - flushed.length }, (_, i) => flushed.length + i + 1),
      1,
    ]);
    expect(await stored()).toBeNull();
    await closeQuietly(page);
  });
});
