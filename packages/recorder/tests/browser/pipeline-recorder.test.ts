import type { RecordedRequest } from '@milana-js/test-server';
import { describe, expect, it } from 'vitest';
import { usePipelinePage } from './pipeline-page-server.js';

// startRecorder end to end: the rrweb capture feeding the pipeline, in Chromium, against the test server.

const { ingest, openPage } = usePipelinePage('./fixtures/pipeline-recorder-page.ts');

type Event = { type: number; data: any; timestamp: number };
const eventsOf = (req: RecordedRequest): Event[] => (req.json as { events: Event[] }).events;

describe('startRecorder in Chromium', () => {
  it('uploads the rrweb recording and trackEvent custom events to /batch', async () => {
    const page = await openPage();
    // rrweb starts at idle time (at the latest after 10 s); the first tick then finds its events.
    await page.clock.runFor(10_000);
    // The first batch must be answered before the next tick: a tick skips while a send is in
    // flight, and §23 sends the rest at once only over the 5 MiB threshold.
    const first = await page.evaluate(() => window.__sends.length);
    await page.evaluate((n) => window.__settled(n), first);
    await page.evaluate(() =>
      window.__recorder.trackEvent('report.exported', { format: 'csv', rows: 3 }),
    );
    await page.clock.runFor(10_000);
    // Every send answered means the server has recorded every batch, however the ticks fell.
    const sends = await page.evaluate(() => window.__sends.length);
    await page.evaluate((n) => window.__settled(n), sends);
    const events = ingest().requestsTo('/batch').flatMap(eventsOf);
    expect(events.some((e) => e.type === 2)).toBe(true);
    expect(events.some((e) => e.type === 4)).toBe(true);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 5,
        data: {
          tag: 'V',
          payload: { type: 1, name: 'report.exported', attributes: { format: 'csv', rows: 3 } },
        },
      }),
    );
    await page.evaluate(() => window.__recorder.stop('restart'));
    await page.close();
  });

  it('adds the visibility event through rrweb and flushes it with keepalive when the page is hidden', async () => {
    const page = await openPage();
    // Past rrweb's idle start and one tick after it, so at least one regular send has happened.
    await page.clock.runFor(20_000);
    await page.evaluate(() => window.__settled(1));
    ingest().reset();
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const [flush] = await ingest().waitFor('/batch', 1);
    expect(eventsOf(flush!).at(-1)).toMatchObject({
      type: 5,
      data: { tag: 'V', payload: { type: 4, visibilityState: 'hidden' } },
    });
    const sends = await page.evaluate(() => window.__sends.map((s) => ({ ...s })));
    expect(sends.at(-1)).toMatchObject({
      path: '/batch',
      keepalive: true,
      gzip: false,
      abortable: false,
    });
    await page.evaluate(() => window.__recorder.stop('restart'));
    await page.close();
  });

  it('sends the abort batch then the final metrics on stop(abort), and records nothing after', async () => {
    const page = await openPage();
    // Past rrweb's idle start and one tick after it, so at least one regular send has happened.
    await page.clock.runFor(20_000);
    await page.evaluate(() => window.__settled(1));
    ingest().reset();
    const before = await page.evaluate(() => window.__sends.length);
    await page.evaluate(() => window.__recorder.stop('abort'));
    const [abort] = await ingest().waitFor('/batch', 1);
    const [metrics] = await ingest().waitFor('/metrics', 1);
    expect(abort!.json).toMatchObject({ isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' });
    expect(metrics!.seq).toBeGreaterThan(abort!.seq);
    await page.evaluate(() => {
      document.body.append(document.createElement('div'));
      window.__recorder.trackEvent('late', {});
    });
    await page.clock.runFor(60_000);
    const sends = await page.evaluate(() => window.__sends.length);
    expect(ingest().requestsTo('/batch')).toHaveLength(1);
    expect(sends).toBe(before + 2);
    await page.close();
  });
});
