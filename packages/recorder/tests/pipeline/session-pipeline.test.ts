import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecorderOptions } from '../../src/host.js';
import { startPipeline } from '../../src/pipeline/session-pipeline.js';
import {
  advance,
  fakeCapture,
  fakeHost,
  OK_BATCH,
  SERVER_ERROR,
  type SentRequest,
} from './fakes.js';

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

function pageHide(persisted: boolean): void {
  window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted }));
}

function start(options: RecorderOptions = {}) {
  const h = fakeHost(options);
  const c = fakeCapture();
  const recorder = startPipeline(h.host, c.start);
  return { ...h, capture: c, recorder };
}

const eventsOf = (req: SentRequest): any[] => req.json.events;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_767_225_600_000 });
});
afterEach(() => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  vi.useRealTimers();
});

describe('startPipeline', () => {
  describe('buffer', () => {
    it('serialises each event when it is emitted, so later changes to the object are not sent', async () => {
      const { capture, batches, recorder } = start();
      const event = { type: 3, data: { source: 2, x: 1 }, timestamp: Date.now() };
      capture.emit(event);
      event.data.x = 99;
      await advance(10_000);
      expect(batches()[0]!.text).toBe(
        `{"version":1,"batchStartedAt":${event.timestamp},"events":[{"type":3,"data":{"source":2,"x":1},"timestamp":${event.timestamp}}]}`,
      );
      recorder.stop('restart');
    });

    it('stops, counts the abort, sends final metrics and halts when the buffer passes 20 971 520 chars', async () => {
      const { capture, host, log, batches, metrics } = start();
      // Exactly 20 971 520 chars is still allowed; one more event goes over the cap.
      for (let i = 0; i < 4; i++) capture.emitSized(5_242_880);
      expect(host.halt).not.toHaveBeenCalled();
      capture.emitSized(100);
      expect(host.halt).toHaveBeenCalledWith('buffer-overflow');
      expect(log.warn).toHaveBeenCalledTimes(1);
      expect(capture.state.stops).toBe(1);
      await advance(0);
      expect(batches()).toHaveLength(0);
      expect(metrics()).toHaveLength(1);
      expect(metrics()[0]!.json).toMatchObject({
        histograms: { numEventsInBuffer: 0 },
        counters: { numSessionsAbortedDueToBufferExceeded: 1 },
      });
      capture.emitSized(100);
      await advance(60_000);
      expect(host.send).toHaveBeenCalledTimes(1);
    });

    it('stops and halts with event-too-large when one event is over 5 242 880 chars', async () => {
      const { capture, host, log, metrics } = start();
      capture.emitSized(5_242_880);
      expect(host.halt).not.toHaveBeenCalled();
      capture.emitSized(5_242_881);
      expect(host.halt).toHaveBeenCalledWith('event-too-large');
      expect(log.warn.mock.calls[0]![0]).toContain('5242881');
      await advance(0);
      expect(metrics()[0]!.json.counters.numSessionsAbortedDueToBufferExceeded).toBe(1);
    });

    it('stops a capture that overflowed while it was still starting', () => {
      const h = fakeHost();
      let stops = 0;
      startPipeline(h.host, (o) => {
        o.emit({ type: 2, data: { big: 'x'.repeat(5_242_900) }, timestamp: Date.now() });
        return { started: true, addCustomEvent: () => undefined, stop: () => void stops++ };
      });
      expect(h.host.halt).toHaveBeenCalledWith('event-too-large');
      expect(stops).toBe(1);
    });

    it('never throws when the capture cannot start, and logs a warning', () => {
      const h = fakeHost();
      const recorder = startPipeline(h.host, () => {
        throw new Error('no rrweb');
      });
      expect(h.log.warn).toHaveBeenCalledTimes(1);
      expect(() => recorder.trackEvent('x', {})).not.toThrow();
      expect(() => recorder.stop('abort')).not.toThrow();
    });
  });

  it('embeds trackEvent as a type 1 custom event through the capture', async () => {
    const { capture, recorder, batches } = start();
    recorder.trackEvent('report.exported', { format: 'csv', rows: 3, team: null });
    expect(capture.state.custom).toEqual([
      { type: 1, name: 'report.exported', attributes: { format: 'csv', rows: 3, team: null } },
    ]);
    await advance(10_000);
    expect(eventsOf(batches()[0]!)[0].data.payload.name).toBe('report.exported');
    recorder.stop('restart');
  });

  describe('hide-flush', () => {
    it('adds the visibility event first and delivers the whole buffer with keepalive when the page is hidden', async () => {
      const { capture, recorder, batches } = start();
      capture.emitSized(200);
      setVisibility('hidden');
      expect(capture.state.custom).toEqual([{ type: 4, visibilityState: 'hidden' }]);
      expect(batches()).toHaveLength(1);
      const flush = batches()[0]!;
      expect(flush.options).toEqual({ keepalive: true });
      expect(Object.keys(flush.json)).toEqual(['version', 'batchStartedAt', 'events']);
      expect(eventsOf(flush).map((e) => e.type)).toEqual([3, 5]);
      expect(eventsOf(flush)[1].data.payload).toEqual({ type: 4, visibilityState: 'hidden' });
      // The buffer was emptied: the next tick has nothing to send.
      await advance(10_000);
      expect(batches()).toHaveLength(1);
      recorder.stop('restart');
    });

    it('puts the custom events the capture still held for rrweb into the hide-flush', async () => {
      const { capture, batches } = start();
      capture.state.held.push({ type: 1, name: 'queued.before.rrweb', attributes: {} });
      setVisibility('hidden');
      await advance(0);
      const names = eventsOf(batches()[0]!).map((e) => e.data.payload.name ?? e.data.payload.type);
      expect(names).toContain('queued.before.rrweb');
    });

    it('adds a visible event without sending anything when the page becomes visible', () => {
      const { capture, recorder, batches } = start();
      capture.emitSized(200);
      setVisibility('visible');
      expect(capture.state.custom).toEqual([{ type: 4, visibilityState: 'visible' }]);
      expect(batches()).toHaveLength(0);
      recorder.stop('restart');
    });

    it('aborts the in-flight regular send, carries its events and never retries it', async () => {
      const { capture, recorder, batches, control } = start();
      control.autoAnswer = null;
      capture.emitSized(100);
      await advance(10_000);
      const regular = batches()[0]!;
      capture.emitSized(120);
      setVisibility('hidden');
      expect(regular.options?.signal?.aborted).toBe(true);
      const flush = batches()[1]!;
      expect(eventsOf(flush).map((e) => e.type)).toEqual([3, 3, 5]);
      await advance(600_000);
      expect(batches()).toHaveLength(2);
      recorder.stop('restart');
    });

    it('measures the 65 536 limit in UTF-8 bytes, so non-ASCII text under 65 536 chars stays buffered', async () => {
      const { capture, recorder, batches, control } = start();
      control.autoAnswer = null;
      capture.emitSized(100);
      await advance(10_000);
      const regular = batches()[0]!;
      capture.emit({ type: 3, data: { text: 'é'.repeat(40_000) }, timestamp: Date.now() });
      setVisibility('hidden');
      // 40 000 chars but about 80 000 bytes: nothing sent, and the regular send was not aborted.
      expect(batches()).toHaveLength(1);
      expect(regular.options?.signal?.aborted).toBe(false);
      regular.answer(OK_BATCH);
      await advance(0);
      expect(eventsOf(batches()[1]!)[0].data.text).toHaveLength(40_000);
      recorder.stop('restart');
    });

    it('sends an ASCII buffer of the same char count, which fits the byte budget', () => {
      const { capture, recorder, batches } = start();
      capture.emit({ type: 3, data: { text: 'e'.repeat(40_000) }, timestamp: Date.now() });
      setVisibility('hidden');
      expect(batches()).toHaveLength(1);
      expect(batches()[0]!.options?.keepalive).toBe(true);
      recorder.stop('restart');
    });

    it('sends nothing when the buffer is over 65 536 chars', () => {
      const { capture, recorder, batches } = start();
      capture.emitSized(70_000);
      setVisibility('hidden');
      expect(batches()).toHaveLength(0);
      recorder.stop('restart');
    });
  });

  describe('page close', () => {
    it('sends the close ping with keepalive once on pagehide that is not persisted', () => {
      const { capture, recorder, batches } = start();
      capture.emitSized(100);
      pageHide(false);
      pageHide(false);
      expect(batches()).toHaveLength(1);
      expect(batches()[0]!.text).toBe(
        `{"version":1,"batchStartedAt":${Date.now()},"isPageClose":true,"events":[]}`,
      );
      expect(batches()[0]!.options).toEqual({ keepalive: true });
      recorder.stop('restart');
    });

    it('sends nothing on pagehide into the back/forward cache', () => {
      const { recorder, batches } = start();
      pageHide(true);
      expect(batches()).toHaveLength(0);
      pageHide(false);
      expect(batches()).toHaveLength(1);
      recorder.stop('restart');
    });
  });

  describe('stop', () => {
    it('sends the abort batch with the buffer, then the final metrics with an empty buffer', async () => {
      const { capture, recorder, sent } = start();
      capture.emitSized(100, 1_767_225_600_500);
      recorder.stop('abort');
      await advance(0);
      expect(sent.map((r) => r.path)).toEqual(['/batch', '/metrics']);
      const abort = sent[0]!;
      expect(Object.keys(abort.json)).toEqual([
        'version',
        'batchStartedAt',
        'isClientAbort',
        'clientAbortReason',
        'events',
      ]);
      expect(abort.json).toMatchObject({
        batchStartedAt: 1_767_225_600_500,
        isClientAbort: true,
        clientAbortReason: 'CLIENT_STOPPED',
      });
      expect(eventsOf(abort)).toHaveLength(1);
      expect(abort.options).toBeUndefined();
      expect(sent[1]!.json.histograms.numEventsInBuffer).toBe(0);
      expect(capture.state.stops).toBe(1);
    });

    it('carries the custom events the capture still held for rrweb in the abort batch', async () => {
      const { capture, recorder, batches } = start();
      capture.state.held.push({ type: 1, name: 'queued.before.rrweb', attributes: {} });
      recorder.stop('abort');
      await advance(0);
      expect(eventsOf(batches()[0]!).map((e) => e.data.payload.name)).toEqual([
        'queued.before.rrweb',
      ]);
    });

    it('sends an empty abort batch while a regular send is in flight, so no event is sent twice', async () => {
      const { capture, recorder, batches, metrics, control } = start();
      control.autoAnswer = null;
      capture.emitSized(100);
      await advance(10_000);
      capture.emitSized(100);
      recorder.stop('abort');
      const abort = batches()[1]!;
      expect(eventsOf(abort)).toEqual([]);
      expect(abort.json.batchStartedAt).toBe(Date.now());
      // Metrics wait for the abort batch to settle: wire order abort, then metrics.
      await advance(0);
      expect(metrics()).toHaveLength(0);
      abort.answer(OK_BATCH);
      await advance(0);
      expect(metrics()).toHaveLength(1);
      batches()[0]!.answer(SERVER_ERROR);
      await advance(600_000);
      expect(batches()).toHaveLength(2);
    });

    it('sends no abort batch after the page-close ping, only the final metrics', async () => {
      const { recorder, sent } = start();
      pageHide(false);
      recorder.stop('abort');
      await advance(0);
      expect(sent.map((r) => [r.path, r.json.isPageClose ?? r.json.isClientAbort ?? null])).toEqual(
        [
          ['/batch', true],
          ['/metrics', null],
        ],
      );
    });

    it.each(['restart', 'not-sampled'] as const)(
      'drops the buffer and sends nothing on stop(%s)',
      async (reason) => {
        const { capture, recorder, sent } = start();
        capture.emitSized(100);
        recorder.stop(reason);
        recorder.stop('abort');
        pageHide(false);
        setVisibility('hidden');
        await advance(120_000);
        expect(sent).toHaveLength(0);
        expect(capture.state.stops).toBe(1);
      },
    );

    it('ignores trackEvent after stop', () => {
      const { capture, recorder } = start();
      recorder.stop('restart');
      recorder.trackEvent('late', {});
      expect(capture.state.custom).toEqual([]);
    });
  });

  describe('answers', () => {
    it('asks the host for a restart and then sends nothing, not even metrics', async () => {
      const { capture, host, sent, control } = start();
      control.autoAnswer = (r) =>
        r.path === '/batch'
          ? { reached: true, status: 200, json: { success: false, shouldRestartSession: true } }
          : null;
      capture.emitSized(100);
      await advance(10_000);
      expect(host.requestRestart).toHaveBeenCalledTimes(1);
      expect(capture.state.stops).toBe(1);
      capture.emitSized(100);
      await advance(120_000);
      expect(sent).toHaveLength(1);
    });

    it('marks the session not sampled with the answer id and stops capturing', async () => {
      const { capture, host, sent, control } = start();
      control.autoAnswer = (r) =>
        r.path === '/batch'
          ? {
              reached: true,
              status: 200,
              json: { success: false, errorCode: 'SESSION_NOT_IDENTIFIED', sessionId: 'sess_x' },
            }
          : null;
      capture.emitSized(100);
      await advance(10_000);
      expect(host.markNotSampled).toHaveBeenCalledWith('sess_x');
      expect(capture.state.stops).toBe(1);
      await advance(120_000);
      expect(sent).toHaveLength(1);
    });

    it('gives up after the 5th retry: info log, final metrics, halt with retry-limit', async () => {
      const { capture, host, log, batches, sent, control } = start();
      control.autoAnswer = (r) =>
        r.path === '/batch' ? SERVER_ERROR : { reached: true, status: 200, json: undefined };
      capture.emitSized(100);
      await advance(10_000 + 410_000 - 1);
      expect(host.halt).not.toHaveBeenCalled();
      await advance(1);
      expect(batches()).toHaveLength(6);
      expect(log.info).toHaveBeenCalledTimes(1);
      expect(host.halt).toHaveBeenCalledWith('retry-limit');
      expect(capture.state.stops).toBe(1);
      await advance(0);
      // The final report follows the 6th attempt, and nothing at all is sent after it.
      const lastBatch = sent.lastIndexOf(batches()[5]!);
      const final = sent.at(-1)!;
      expect(final.path).toBe('/metrics');
      expect(sent.indexOf(final)).toBeGreaterThan(lastBatch);
      expect(final.json.histograms.numEventsInBuffer).toBe(0);
      const total = sent.length;
      await advance(600_000);
      expect(sent).toHaveLength(total);
    });
  });

  it('sends metrics every 30 s with the number of buffered events', async () => {
    const { capture, recorder, metrics, control } = start();
    control.autoAnswer = (r) =>
      r.path === '/metrics' ? { reached: true, status: 200, json: undefined } : null;
    capture.emitSized(100);
    await advance(30_000);
    expect(metrics()).toHaveLength(1);
    expect(metrics()[0]!.json.histograms).toEqual({ numEventsInBuffer: 1 });
    recorder.stop('restart');
  });

  it('adds the performance histograms to metrics when _internal.shouldTrackPerformance is set', async () => {
    const { recorder, metrics } = start({ _internal: { shouldTrackPerformance: true } });
    await advance(30_000);
    expect(metrics()[0]!.json.histograms).toEqual({
      numEventsInBuffer: 0,
      blockedTimePerSecondMs: 0,
    });
    recorder.stop('restart');
  });

  it('gzips regular sends on an https page', async () => {
    vi.stubGlobal('location', { protocol: 'https:' });
    try {
      const { capture, recorder, batches } = start();
      capture.emitSized(100);
      await advance(10_000);
      await vi.waitFor(() => expect(batches()).toHaveLength(1));
      expect(batches()[0]!.body).toBeInstanceOf(Uint8Array);
      expect(batches()[0]!.options?.gzip).toBe(true);
      recorder.stop('restart');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
