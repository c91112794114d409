import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Recorder, RecorderOptions } from '../../src/host.js';
import { takeHold } from '../../src/pipeline/restart-hold.js';
import { startPipeline } from '../../src/pipeline/session-pipeline.js';
import { advance, fakeCapture, fakeHost, OK_METRICS, SERVER_ERROR } from './fakes.js';

/** A recording session whose capture can renew, like the rrweb one. */
function session(options: RecorderOptions = {}, sessionId = 's1') {
  const h = fakeHost(options);
  Object.assign(h.host, { sessionId });
  const capture = fakeCapture({ renewable: true });
  const recorder = startPipeline(h.host, capture.start);
  return { ...h, capture, recorder };
}

/** The next session of the same options, adopting what is held (as `startRecorder` does). */
function nextSession(options: RecorderOptions, sessionId = 's2') {
  const h = fakeHost(options);
  Object.assign(h.host, { sessionId });
  const start = vi.fn(fakeCapture().start);
  const recorder = startPipeline(h.host, start, takeHold(options));
  return { ...h, start, recorder };
}

const incremental = (n: number) => ({ type: 3, data: { source: 2, n }, timestamp: Date.now() });
const carried = (batches: { json: any }[]): any[] => batches.flatMap((b) => b.json.events);

const running: Recorder[] = [];
beforeEach(() => {
  vi.useFakeTimers({ now: 1_767_225_600_000 });
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  sessionStorage.clear();
});
afterEach(() => {
  // Nothing of a test stays held for the next one.
  for (const recorder of running.splice(0)) recorder.stop('abort');
  vi.restoreAllMocks();
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  vi.useRealTimers();
});

/** The server answers every `/batch` of `s` with a restart request (§8.3), `/metrics` with OK. */
function answerBatchesWithRestart(s: { control: ReturnType<typeof fakeHost>['control'] }): void {
  s.control.autoAnswer = (r) =>
    r.path === '/batch'
      ? { reached: true, status: 200, json: { success: false, shouldRestartSession: true } }
      : OK_METRICS;
}

describe('a capture held across a server-driven restart (§16, §23)', () => {
  it('drops the old session’s events, sends nothing and keeps capturing from a new snapshot', async () => {
    const options = {};
    const first = session(options);
    running.push(first.recorder);
    first.capture.emit(incremental(1));
    first.recorder.stop('restart');
    expect(first.capture.state).toMatchObject({ stops: 0, renews: 1 });
    first.capture.emit(incremental(2));
    await advance(120_000);
    expect(first.sent).toEqual([]);
    expect(
      takeHold(options)
        ?.buffer.all()
        .map((e) => JSON.parse(e.json).type),
    ).toEqual([4, 2, 5, 3]);
  });

  it('hands the next session of the same options the capture and what it held, sent first under its id', async () => {
    const options = {};
    const first = session(options);
    first.capture.emit(incremental(1));
    first.recorder.stop('restart');
    first.capture.emit(incremental(2));
    first.recorder.trackEvent('during', { n: 1 });
    const second = nextSession(options);
    running.push(second.recorder);
    expect(second.start).not.toHaveBeenCalled();
    expect(takeHold(options)).toBeUndefined();
    // From now on the capture's events are the new session's.
    first.capture.emit(incremental(3));
    await advance(0);
    await advance(10_000);
    expect(second.host.sessionId).toBe('s2');
    const events = carried(second.batches());
    expect(events.map((e) => e.type)).toEqual([4, 2, 5, 3, 5, 3]);
    expect(events[3].data.n).toBe(2);
    expect(events[4].data.payload.name).toBe('during');
    expect(events[5].data.n).toBe(3);
    expect(first.sent).toEqual([]);
    // The old recorder no longer reaches the capture.
    first.recorder.stop('abort');
    first.recorder.trackEvent('late', {});
    expect(first.capture.state.stops).toBe(0);
    second.recorder.stop('abort');
    expect(first.capture.state.stops).toBe(1);
  });

  it('is never adopted by a recorder of other options (another init, another client)', () => {
    const first = session({});
    running.push(first.recorder);
    first.recorder.stop('restart');
    const other = nextSession({});
    running.push(other.recorder);
    expect(other.start).toHaveBeenCalledTimes(1);
    expect(first.capture.state.stops).toBe(0);
  });

  it.each(['abort', 'denied', 'not-sampled', undefined] as const)(
    'ends on stop(%s) while held: the capture stops, its events are discarded, nothing is sent',
    async (reason) => {
      const options = {};
      const first = session(options);
      first.recorder.stop('restart');
      first.capture.emit(incremental(1));
      first.recorder.stop(reason);
      expect(first.capture.state.stops).toBe(1);
      expect(takeHold(options)).toBeUndefined();
      first.recorder.stop('abort');
      expect(first.capture.state.stops).toBe(1);
      const second = nextSession(options);
      running.push(second.recorder);
      expect(second.start).toHaveBeenCalledTimes(1);
      await advance(60_000);
      expect(first.sent).toEqual([]);
    },
  );

  it('removes the stored unsent tail when consent is withdrawn or recording stopped while held', () => {
    for (const reason of ['denied', 'abort'] as const) {
      sessionStorage.setItem(
        'milana_unsent',
        '{"sessionId":"s1","mark":"x","events":[{"type":3,"data":{},"timestamp":1}]}',
      );
      const first = session();
      first.recorder.stop('restart');
      expect(sessionStorage.getItem('milana_unsent')).not.toBeNull();
      first.recorder.stop(reason);
      expect(sessionStorage.getItem('milana_unsent')).toBeNull();
    }
  });

  it('begins again on another restart before it was adopted', () => {
    const options = {};
    const first = session(options);
    running.push(first.recorder);
    first.recorder.stop('restart');
    first.capture.emit(incremental(1));
    first.recorder.stop('restart');
    expect(first.capture.state).toMatchObject({ stops: 0, renews: 2 });
    expect(
      takeHold(options)
        ?.buffer.all()
        .map((e) => JSON.parse(e.json).type),
    ).toEqual([4, 2, 5]);
  });

  it('holds when a /batch answer asks for the restart and the host stops the recorder for it', async () => {
    const options = {};
    const first = session(options);
    running.push(first.recorder);
    first.host.requestRestart.mockImplementation(() => first.recorder.stop('restart'));
    answerBatchesWithRestart(first);
    first.capture.emit(incremental(1));
    await advance(10_000);
    expect(first.host.requestRestart).toHaveBeenCalledTimes(1);
    expect(first.capture.state).toMatchObject({ stops: 0, renews: 1 });
    expect(takeHold(options)).toBeDefined();
  });

  it('stops the capture on a /batch restart when the host does not ask it to hold', async () => {
    const first = session();
    answerBatchesWithRestart(first);
    first.capture.emit(incremental(1));
    await advance(10_000);
    expect(first.host.requestRestart).toHaveBeenCalledTimes(1);
    expect(first.capture.state).toMatchObject({ stops: 1, renews: 0 });
  });

  it('stops a capture that cannot begin again, as before', () => {
    const h = fakeHost();
    const capture = fakeCapture();
    startPipeline(h.host, capture.start).stop('restart');
    expect(capture.state.stops).toBe(1);
    expect(takeHold(h.host.options)).toBeUndefined();
  });

  it('records visibility changes while held; a pagehide stores and sends nothing (no session id)', async () => {
    const options = {};
    const first = session(options);
    running.push(first.recorder);
    first.recorder.stop('restart');
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await advance(0);
    expect(first.sent).toEqual([]);
    expect(sessionStorage.getItem('milana_unsent')).toBeNull();
    const held = takeHold(options)!
      .buffer.all()
      .map((e) => JSON.parse(e.json));
    expect(held.at(-1).data.payload).toEqual({ type: 4, visibilityState: 'hidden' });
    // Adopted, the hold listens no more: the next session's pipeline records visibility itself.
    const second = nextSession(options);
    running.push(second.recorder);
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => 'visible',
    });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(first.capture.state.custom.filter((p) => p.type === 4)).toHaveLength(2);
  });

  it('keeps within the memory bound while held: the next session counts the drops and re-snapshots once it delivers', async () => {
    const options = {};
    const first = session(options);
    first.recorder.stop('restart');
    // 3 × 5 MiB + 1 MiB after the renewal's three small events: past 16 MiB, so those three go;
    // 100 chars more push out the first 5 MiB event.
    for (let i = 0; i < 3; i++) first.capture.emitSized(5_242_880);
    first.capture.emitSized(1_048_576);
    expect(first.log.warn).toHaveBeenCalledTimes(1);
    first.capture.emitSized(100);
    expect(first.log.warn).toHaveBeenCalledTimes(1);
    const hold = takeHold(options)!;
    expect(hold.buffer.chars).toBeLessThanOrEqual(16_777_216);
    expect(hold.dropped).toBe(4);
    const second = nextSession(options);
    running.push(second.recorder);
    second.control.autoAnswer = (r) => (r.path === '/batch' ? SERVER_ERROR : OK_METRICS);
    await advance(30_000);
    expect(second.metrics().at(-1)!.json.counters.numEventsDroppedDueToMemoryBound).toBe(4);
    expect(first.capture.state.snapshots).toBe(0);
    second.control.autoAnswer = (r) =>
      r.path === '/batch'
        ? { reached: true, status: 200, json: { success: true, sessionId: 's2', messageId: 'm' } }
        : OK_METRICS;
    await advance(60_000);
    expect(first.capture.state.snapshots).toBe(1);
  });
});
