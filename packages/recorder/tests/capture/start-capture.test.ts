import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { record } from '@rrweb/record';
import { startCapture, type Capture } from '../../src/capture/index.js';
import type { RecorderOptions } from '../../src/host.js';
import { dropHash, fakeLog, type FakeLog } from './fake-log.js';

interface Event {
  type: number;
  data: unknown;
  timestamp: number;
}

let events: Event[];
let log: FakeLog;
let capture: Capture | undefined;

function start(
  options: RecorderOptions = {},
  sanitizeUrl: (url: string) => string = dropHash,
): Capture {
  capture = startCapture({ options, emit: (e) => events.push(e), sanitizeUrl, log });
  return capture;
}

/** Let the idle start run, then the microtask that marks rrweb as running. */
async function runIdleStart(): Promise<void> {
  await vi.advanceTimersByTimeAsync(1);
}

const customPayloads = () =>
  events.filter((e) => e.type === 5).map((e) => e.data as { tag: string; payload: unknown });

beforeEach(() => {
  vi.useFakeTimers();
  events = [];
  log = fakeLog();
  history.replaceState(null, '', '/page?token=abc#top');
  document.title = 'Page';
  document.body.innerHTML =
    '<main><p>Hello</p><p class="milana-mask">Jane Doe</p><input type="email" value="a@b.co"></main>';
});

afterEach(() => {
  capture?.stop();
  capture = undefined;
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('startCapture', () => {
  it('waits for an idle moment with a 10 s timeout before starting rrweb', () => {
    const requestIdleCallback = vi.fn(() => 7);
    vi.stubGlobal('requestIdleCallback', requestIdleCallback);
    vi.stubGlobal('cancelIdleCallback', vi.fn());
    start();
    expect(requestIdleCallback).toHaveBeenCalledWith(expect.any(Function), { timeout: 10_000 });
    expect(events).toEqual([]);
  });

  it('cancels the idle start when stopped before it ran', () => {
    const cancelIdleCallback = vi.fn();
    vi.stubGlobal(
      'requestIdleCallback',
      vi.fn(() => 7),
    );
    vi.stubGlobal('cancelIdleCallback', cancelIdleCallback);
    start().stop();
    expect(cancelIdleCallback).toHaveBeenCalledWith(7);
  });

  it('emits a Meta event with a sanitised href and a full snapshot once rrweb runs', async () => {
    const c = start({}, (url) => dropHash(url).replace('token=abc', 'token=--redacted--'));
    expect(c.started).toBe(false);
    await runIdleStart();
    expect(c.started).toBe(true);
    const meta = events.find((e) => e.type === 4);
    expect((meta?.data as { href: string }).href).toBe(
      'http://localhost:3000/page?token=--redacted--',
    );
    expect(events.some((e) => e.type === 2)).toBe(true);
  });

  it('never lets masked text or an email value into the events', async () => {
    start();
    await runIdleStart();
    const serialized = JSON.stringify(events);
    expect(serialized).toContain('Hello');
    expect(serialized).not.toContain('Jane Doe');
    expect(serialized).not.toContain('a@b.co');
  });

  it('keeps custom events added before rrweb started and emits them in order after the snapshot', async () => {
    const c = start();
    c.addCustomEvent({ type: 1, name: 'early', attributes: { n: 1 } });
    c.addCustomEvent({ type: 4, visibilityState: 'hidden' });
    expect(events).toEqual([]);
    await runIdleStart();
    const snapshotIndex = events.findIndex((e) => e.type === 2);
    const firstCustom = events.findIndex((e) => e.type === 5);
    expect(firstCustom).toBeGreaterThan(snapshotIndex);
    expect(customPayloads()).toEqual([
      {
        tag: 'V',
        payload: {
          type: 2,
          name: 'load',
          attributes: { url: 'http://localhost:3000/page?token=abc', title: 'Page' },
        },
      },
      { tag: 'V', payload: { type: 1, name: 'early', attributes: { n: 1 } } },
      { tag: 'V', payload: { type: 4, visibilityState: 'hidden' } },
    ]);
  });

  it('emits the custom events still waiting for rrweb when flushPending runs, once and in order', async () => {
    const c = start();
    c.addCustomEvent({ type: 1, name: 'early', attributes: {} });
    c.flushPending();
    expect(customPayloads()).toEqual([
      {
        tag: 'V',
        payload: {
          type: 2,
          name: 'load',
          attributes: { url: 'http://localhost:3000/page?token=abc', title: 'Page' },
        },
      },
      { tag: 'V', payload: { type: 1, name: 'early', attributes: {} } },
    ]);
    await runIdleStart();
    // Nothing is emitted twice once rrweb runs.
    expect(customPayloads()).toHaveLength(2);
  });

  it('emits custom events added after the start at once', async () => {
    const c = start();
    await runIdleStart();
    const before = events.length;
    c.addCustomEvent({ type: 1, name: 'later', attributes: {} });
    expect(events).toHaveLength(before + 1);
    expect(events[before]?.data).toEqual({
      tag: 'V',
      payload: { type: 1, name: 'later', attributes: {} },
    });
  });

  it('records URL changes as custom events after the debounce', async () => {
    start();
    await runIdleStart();
    history.pushState(null, '', '/next');
    await vi.advanceTimersByTimeAsync(100);
    expect(customPayloads().at(-1)).toEqual({
      tag: 'V',
      payload: {
        type: 2,
        name: 'pushstate',
        attributes: { url: 'http://localhost:3000/next', title: 'Page' },
      },
    });
  });

  it('emits plugin events as rrweb type 6 with the plugin name once rrweb runs', async () => {
    start();
    await runIdleStart();
    const link = document.createElement('a');
    link.setAttribute('download', 'report.csv');
    link.href = 'https://files.example/report.csv';
    document.body.appendChild(link);
    link.remove();
    await vi.advanceTimersByTimeAsync(0);
    const download = events.find(
      (e) => e.type === 6 && (e.data as { plugin: string }).plugin === 'milana/download@1',
    );
    expect(download?.data).toEqual({
      plugin: 'milana/download@1',
      payload: { href: 'https://files.example/report.csv', downloadFilename: 'report.csv' },
    });
    expect(typeof download?.timestamp).toBe('number');
  });

  it('drops queued events and emits nothing more after stop', async () => {
    const c = start();
    c.addCustomEvent({ type: 1, name: 'queued', attributes: {} });
    c.stop();
    await runIdleStart();
    c.addCustomEvent({ type: 1, name: 'after', attributes: {} });
    history.pushState(null, '', '/gone');
    await vi.advanceTimersByTimeAsync(200);
    expect(events).toEqual([]);
    expect(c.started).toBe(false);
  });

  describe('renew (a server-driven restart, §16)', () => {
    const load = {
      tag: 'V',
      payload: {
        type: 2,
        name: 'load',
        attributes: { url: 'http://localhost:3000/page?token=abc', title: 'Page' },
      },
    };

    it('emits a new Meta and full snapshot, then the load event, and keeps rrweb running', async () => {
      const c = start();
      await runIdleStart();
      events = [];
      c.renew();
      expect(events.map((e) => e.type)).toEqual([4, 2, 5]);
      expect(customPayloads()).toEqual([load]);
      c.addCustomEvent({ type: 1, name: 'after', attributes: {} });
      expect(customPayloads()).toHaveLength(2);
      expect(() => record.addCustomEvent('probe', {})).not.toThrow();
    });

    it('drops the custom events still waiting for rrweb; rrweb’s first snapshot comes later', async () => {
      const c = start();
      c.addCustomEvent({ type: 1, name: 'old-session', attributes: {} });
      c.renew();
      expect(events).toEqual([]);
      await runIdleStart();
      expect(events.map((e) => e.type)).toEqual([4, 2, 5]);
      expect(customPayloads()).toEqual([load]);
    });

    it('emits the first focus change again (§13.3) and keeps tracking URLs once', async () => {
      const c = start();
      await runIdleStart();
      vi.spyOn(document, 'hasFocus').mockReturnValue(true);
      window.dispatchEvent(new Event('focus'));
      c.renew();
      window.dispatchEvent(new Event('focus'));
      history.pushState(null, '', '/next');
      await vi.advanceTimersByTimeAsync(200);
      const kinds = customPayloads().map((p) => {
        const payload = p.payload as { type: number; name?: string };
        return payload.name ?? payload.type;
      });
      expect(kinds).toEqual(['load', 5, 'load', 5, 'pushstate']);
    });

    it('does nothing after stop', async () => {
      const c = start();
      await runIdleStart();
      c.stop();
      events = [];
      c.renew();
      expect(events).toEqual([]);
    });
  });

  it('stops rrweb itself on stop', async () => {
    const c = start();
    await runIdleStart();
    expect(() => record.addCustomEvent('probe', {})).not.toThrow();
    c.stop();
    // rrweb refuses custom events once its recording has been stopped.
    expect(() => record.addCustomEvent('probe', {})).toThrow();
  });

  it('stops rrweb when the pipeline stops the capture from inside the first snapshot emit', async () => {
    // rrweb starts at idle time, so `c` is assigned before the emit can run.
    const c: Capture = startCapture({
      options: {},
      emit: (e) => {
        events.push(e);
        if (e.type === 2) c.stop();
      },
      sanitizeUrl: dropHash,
      log,
    });
    capture = c;
    await runIdleStart();
    expect(events.map((e) => e.type)).toEqual([4, 2]);
    expect(c.started).toBe(false);
    expect(() => record.addCustomEvent('probe', {})).toThrow();
  });

  it('keeps working when the pipeline emit throws, logging at debug level', async () => {
    capture = startCapture({
      options: {},
      emit: () => {
        throw new Error('full');
      },
      sanitizeUrl: dropHash,
      log,
    });
    await runIdleStart();
    expect(capture.started).toBe(true);
    expect(log.debug).toHaveBeenCalled();
  });
});
