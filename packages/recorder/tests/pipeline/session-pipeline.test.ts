import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecorderOptions } from '../../src/host.js';
import { startPipeline } from '../../src/pipeline/session-pipeline.js';
import {
  advance,
  fakeCapture,
  fakeHost,
  OK_BATCH,
  OK_METRICS,
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
  // No jitter: retries land exactly on the schedule (the jitter has its own tests).
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  sessionStorage.clear();
});
afterEach(() => {
  vi.restoreAllMocks();
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

    it('drops the oldest events past 16 777 216 chars, counts them, keeps recording and takes a full snapshot once sending works', async () => {
      const { capture, host, log, batches, metrics, control } = start();
      control.autoAnswer = (r) => (r.path === '/batch' ? SERVER_ERROR : OK_METRICS);
      // 3 events of 5 MiB + 1 of 1 MiB = exactly 16 MiB: still within the bound.
      for (let i = 0; i < 3; i++) capture.emitSized(5_242_880);
      capture.emitSized(1_048_576);
      expect(log.warn).not.toHaveBeenCalled();
      capture.emitSized(100);
      expect(log.warn).toHaveBeenCalledTimes(1);
      capture.emitSized(100);
      expect(log.warn).toHaveBeenCalledTimes(1);
      expect(host.halt).not.toHaveBeenCalled();
      expect(capture.state.stops).toBe(0);
      await advance(30_000);
      const report = metrics().at(-1)!.json;
      expect(report.counters).toEqual({
        numSessionsAbortedDueToBufferExceeded: 0,
        numEventsDroppedDueToMemoryBound: 1,
      });
      expect(report.histograms.numEventsInBuffer).toBe(5);
      expect(capture.state.snapshots).toBe(0);
      // The server comes back: the next success triggers exactly one new full snapshot.
      control.autoAnswer = (r) => (r.path === '/batch' ? OK_BATCH : OK_METRICS);
      await advance(60_000);
      expect(capture.state.snapshots).toBe(1);
      const carried = batches().flatMap((b) => (b.json ? eventsOf(b) : []));
      expect(carried.filter((e) => e.type === 2)).toHaveLength(1);
      await advance(60_000);
      expect(capture.state.snapshots).toBe(1);
    });

    it('sends one event over 5 242 880 chars alone instead of halting', async () => {
      const { capture, host, batches } = start();
      capture.emitSized(100);
      capture.emitSized(5_242_881);
      capture.emitSized(100);
      expect(host.halt).not.toHaveBeenCalled();
      await advance(0);
      await advance(10_000);
      expect(batches().map((b) => eventsOf(b).length)).toEqual([1, 1, 1]);
      expect(JSON.stringify(eventsOf(batches()[1]!)[0])).toHaveLength(5_242_881);
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

  it('validates trackEvent as it receives it (§17.4): a bad name is dropped, bad attributes warn', () => {
    const { capture, recorder, log } = start();
    recorder.trackEvent('   ', {});
    recorder.trackEvent('kept', { ok: 1, bad: undefined });
    recorder.trackEvent('plain', undefined);
    expect(capture.state.custom).toEqual([
      { type: 1, name: 'kept', attributes: { ok: 1 } },
      { type: 1, name: 'plain', attributes: {} },
    ]);
    expect(log.warn.mock.calls.map((c) => c[0])).toEqual([
      'trackEvent: name must be a non-blank string of at most 255 characters; the call was ignored',
      'trackEvent: attributes.bad must be null, a number, a boolean or a string of 1 to 2048 characters; dropped',
    ]);
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

    it('measures the 60 KiB budget in UTF-8 bytes: sends the oldest events that fit, keeps the rest', async () => {
      const { capture, recorder, batches, control } = start();
      control.autoAnswer = null;
      capture.emitSized(100);
      await advance(10_000);
      const regular = batches()[0]!;
      capture.emit({ type: 3, data: { text: 'é'.repeat(40_000) }, timestamp: Date.now() });
      setVisibility('hidden');
      // 40 000 chars but about 80 000 bytes: the flush carries only the first event.
      const flush = batches()[1]!;
      expect(regular.options?.signal?.aborted).toBe(true);
      expect(eventsOf(flush)).toHaveLength(1);
      flush.answer(OK_BATCH);
      await advance(10_000);
      const next = eventsOf(batches()[2]!);
      expect(next[0].data.text).toHaveLength(40_000);
      expect(next.at(-1).data.payload).toEqual({ type: 4, visibilityState: 'hidden' });
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
    it('flushes what fits with keepalive, then sends the close ping once on pagehide that is not persisted', () => {
      const { capture, recorder, batches } = start();
      capture.emitSized(100);
      pageHide(false);
      pageHide(false);
      expect(batches()).toHaveLength(2);
      expect(eventsOf(batches()[0]!)).toHaveLength(1);
      expect(batches()[0]!.options).toEqual({ keepalive: true });
      expect(batches()[1]!.text).toBe(
        `{"version":1,"batchStartedAt":${Date.now()},"isPageClose":true,"events":[]}`,
      );
      expect(batches()[1]!.options).toEqual({ keepalive: true });
      recorder.stop('restart');
    });

    it('sends no close ping on pagehide into the back/forward cache', () => {
      const { recorder, batches } = start();
      pageHide(true);
      expect(batches()).toHaveLength(0);
      pageHide(false);
      expect(batches()).toHaveLength(1);
      recorder.stop('restart');
    });
  });

  describe('unsent tail (sessionStorage milana_unsent)', () => {
    beforeEach(() => sessionStorage.clear());

    const stored = () => JSON.parse(sessionStorage.getItem('milana_unsent') ?? 'null');

    it('stores the events no keepalive request carries at pagehide, oldest first', async () => {
      const { capture, recorder, batches, control } = start();
      control.autoAnswer = null;
      for (let i = 0; i < 5; i++) capture.emitSized(20_000);
      pageHide(false);
      // 3 events fit in the 60 KiB flush; the other 2 go to storage.
      expect(eventsOf(batches()[0]!)).toHaveLength(3);
      const tail = stored();
      expect(tail.sessionId).toBe('s1');
      expect(tail.events).toHaveLength(2);
      expect(tail.events.map((e: any) => JSON.stringify(e).length)).toEqual([20_000, 20_000]);
      recorder.stop('restart');
    });

    it('keeps at most 2 MiB of chars, dropping the newest first', () => {
      const { capture, recorder, control } = start();
      control.autoAnswer = null;
      capture.emitSized(70_000);
      for (let i = 0; i < 40; i++) capture.emitSized(100_000, 1_000 + i);
      pageHide(false);
      const text = sessionStorage.getItem('milana_unsent')!;
      expect(text.length).toBeLessThanOrEqual(2_097_152);
      const tail = JSON.parse(text);
      // The 70 000-char event does not fit the keepalive flush, so it is first in storage.
      expect(JSON.stringify(tail.events[0])).toHaveLength(70_000);
      expect(tail.events.slice(1).map((e: any) => e.timestamp)).toEqual(
        Array.from({ length: tail.events.length - 1 }, (_, i) => 1_000 + i),
      );
      expect(tail.events.length).toBe(21);
      recorder.stop('restart');
    });

    it('never throws when storage does', () => {
      const { capture, recorder } = start();
      const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
        throw new DOMException('quota', 'QuotaExceededError');
      });
      try {
        capture.emitSized(70_000);
        expect(() => pageHide(false)).not.toThrow();
        expect(sessionStorage.getItem('milana_unsent')).toBeNull();
      } finally {
        setItem.mockRestore();
      }
      recorder.stop('restart');
    });

    it('the next page of the same session sends the stored tail first, then removes the key', async () => {
      const first = start();
      first.control.autoAnswer = null;
      first.capture.emitSized(70_000);
      first.capture.emit({ type: 3, data: { page: 1 }, timestamp: 5 });
      pageHide(false);
      first.recorder.stop('restart');
      expect(stored().events).toHaveLength(2);

      const second = start();
      second.control.autoAnswer = null;
      second.capture.emit({ type: 3, data: { page: 2 }, timestamp: 6 });
      await advance(0);
      const batch = second.batches()[0]!;
      expect(eventsOf(batch).map((e) => e.data.page ?? 'big')).toEqual(['big', 1, 2]);
      // Removed only once the server acknowledged them.
      expect(stored()).not.toBeNull();
      batch.answer(OK_BATCH);
      await advance(0);
      expect(stored()).toBeNull();
      second.recorder.stop('restart');
    });

    it('removes the stored tail when consent is withdrawn, and keeps it on a restart', () => {
      sessionStorage.setItem(
        'milana_unsent',
        '{"sessionId":"s1","mark":"x","events":[{"type":3,"data":{},"timestamp":1}]}',
      );
      start().recorder.stop('restart');
      expect(sessionStorage.getItem('milana_unsent')).not.toBeNull();
      start().recorder.stop('denied');
      expect(sessionStorage.getItem('milana_unsent')).toBeNull();
    });

    it('drops a stored tail of another session', async () => {
      sessionStorage.setItem(
        'milana_unsent',
        '{"sessionId":"other","mark":"x","events":[{"type":3,"data":{},"timestamp":1}]}',
      );
      const { recorder, batches } = start();
      expect(sessionStorage.getItem('milana_unsent')).toBeNull();
      await advance(10_000);
      expect(batches()).toHaveLength(0);
      recorder.stop('restart');
    });

    it('keeps the events when the page comes back from the back/forward cache with its tail unread', async () => {
      const { capture, recorder, batches, control } = start();
      control.autoAnswer = (r) => (r.path === '/batch' && r.options?.keepalive ? null : OK_BATCH);
      capture.emitSized(70_000);
      pageHide(true);
      expect(stored().events).toHaveLength(1);
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      expect(stored()).toBeNull();
      await advance(10_000);
      expect(eventsOf(batches()[0]!)).toHaveLength(1);
      recorder.stop('restart');
    });

    it('forgets the stored events when another page took them while this one was in the cache', async () => {
      const { capture, recorder, batches } = start();
      capture.emitSized(70_000);
      pageHide(true);
      sessionStorage.removeItem('milana_unsent');
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      await advance(10_000);
      expect(batches()).toHaveLength(0);
      recorder.stop('restart');
    });
  });

  describe('retries', () => {
    it('retries at once when the browser goes online or the page becomes visible', async () => {
      const { capture, recorder, batches, control } = start();
      control.autoAnswer = (r) => (r.path === '/batch' ? SERVER_ERROR : OK_METRICS);
      capture.emitSized(100);
      await advance(10_000);
      expect(batches()).toHaveLength(1);
      window.dispatchEvent(new Event('online'));
      await advance(0);
      expect(batches()).toHaveLength(2);
      setVisibility('visible');
      await advance(0);
      expect(batches()).toHaveLength(3);
      recorder.stop('restart');
    });

    it('keeps the events when the hide-flush fails during an outage and delivers them later', async () => {
      const { capture, recorder, batches, control } = start();
      control.autoAnswer = (r) => (r.path === '/batch' ? SERVER_ERROR : OK_METRICS);
      capture.emitSized(100);
      setVisibility('hidden');
      expect(batches()[0]!.options).toEqual({ keepalive: true });
      control.autoAnswer = () => OK_BATCH;
      await advance(5_000);
      expect(eventsOf(batches()[1]!).map((e) => e.type)).toEqual([3, 5]);
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
      // The regular send goes on: it is the one that delivers those events.
      expect(batches()[0]!.options?.signal?.aborted).toBe(false);
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

    it('never gives up during an outage: retries every 60 s and records all along', async () => {
      const { capture, host, batches, control } = start();
      control.autoAnswer = (r) => (r.path === '/batch' ? SERVER_ERROR : OK_METRICS);
      capture.emitSized(100);
      await advance(10_000 + 3_600_000);
      expect(host.halt).not.toHaveBeenCalled();
      expect(capture.state.stops).toBe(0);
      // 5, 15, 30 s, then every 60 s (±20 %) for the rest of the hour.
      expect(batches().length).toBeGreaterThanOrEqual(55);
      capture.emitSized(100);
      control.autoAnswer = () => OK_BATCH;
      await advance(72_000);
      expect(eventsOf(batches().at(-1)!)).toHaveLength(2);
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
