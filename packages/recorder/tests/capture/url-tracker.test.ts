import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MilanaCustomPayload } from '../../src/host.js';
import { URL_DEBOUNCE_MS, startUrlTracking } from '../../src/capture/url-tracker.js';
import { dropHash, fakeLog } from './fake-log.js';

let added: MilanaCustomPayload[];
let stop: (() => void) | undefined;

function start(
  options: {
    trackQuery?: boolean;
    includeTitle?: boolean;
    sanitizeUrl?: (url: string) => string;
  } = {},
): void {
  stop = startUrlTracking({
    add: (payload) => added.push(payload),
    sanitizeUrl: options.sanitizeUrl ?? dropHash,
    trackQuery: options.trackQuery ?? true,
    includeTitle: options.includeTitle,
    log: fakeLog(),
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  history.replaceState(null, '', '/start?tab=1');
  document.title = '  Start page  ';
  added = [];
});

afterEach(() => {
  stop?.();
  stop = undefined;
  vi.useRealTimers();
});

describe('startUrlTracking', () => {
  it('adds a load event at once with the sanitised url and the trimmed title', () => {
    start({ sanitizeUrl: (url) => dropHash(url).replace('tab=1', 'tab=--redacted--') });
    expect(added).toHaveLength(1);
    const load = added[0] as { type: number; name: string; attributes: Record<string, string> };
    expect(load.type).toBe(2);
    expect(load.name).toBe('load');
    expect(load.attributes.url).toBe('http://localhost:3000/start?tab=--redacted--');
    expect(load.attributes.title).toBe('Start page');
  });

  it('leaves the title out of every url event when titles are off (masking level xhigh)', () => {
    start({ includeTitle: false });
    history.pushState(null, '', '/next');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(added).toHaveLength(2);
    for (const event of added)
      expect((event as { attributes: Record<string, string> }).attributes.title).toBeUndefined();
  });

  it('leaves the title out of the load event when the document title is blank', () => {
    document.title = '   ';
    start();
    expect(added[0]).toMatchObject({ type: 2, name: 'load' });
    expect((added[0] as { attributes: object }).attributes).not.toHaveProperty('title');
  });

  it('adds the navigation type to the load event when the navigation timing entry has one', () => {
    const spy = vi
      .spyOn(performance, 'getEntriesByType')
      .mockReturnValue([{ type: 'reload' } as unknown as PerformanceEntry]);
    start();
    expect((added[0] as { attributes: Record<string, string> }).attributes.navigationType).toBe(
      'reload',
    );
    spy.mockRestore();
  });

  it('emits a type 2 event only after the 100 ms debounce when the pathname changes', () => {
    start();
    history.pushState(null, '', '/reports');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS - 1);
    expect(added).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(added[1]).toEqual({
      type: 2,
      name: 'pushstate',
      attributes: { url: 'http://localhost:3000/reports', title: 'Start page' },
    });
  });

  it('runs the native pushState before anything else so the url is already updated', () => {
    start();
    history.pushState({ step: 2 }, '', '/wizard');
    expect(location.pathname).toBe('/wizard');
    expect(history.state).toEqual({ step: 2 });
  });

  it('keeps only the last call of a burst, with its kind and url', () => {
    start();
    history.pushState(null, '', '/a');
    vi.advanceTimersByTime(50);
    history.replaceState(null, '', '/b');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(added.slice(1)).toEqual([
      {
        type: 2,
        name: 'replacestate',
        attributes: { url: 'http://localhost:3000/b', title: 'Start page' },
      },
    ]);
  });

  it('emits a type 3 event with only the url when just the query changes', () => {
    start();
    history.replaceState(null, '', '/start?tab=2');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(added[1]).toEqual({
      type: 3,
      name: 'replacestate',
      attributes: { url: 'http://localhost:3000/start?tab=2' },
    });
  });

  it('never emits a type 3 event when query tracking is off', () => {
    start({ trackQuery: false });
    history.pushState(null, '', '/start?tab=9');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(added).toHaveLength(1);
  });

  it('emits nothing for a hash-only change', () => {
    start();
    history.pushState(null, '', '/start?tab=1#section-2');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(added).toHaveLength(1);
  });

  it('emits nothing when a navigation returns to the same url within the debounce', () => {
    start();
    history.pushState(null, '', '/elsewhere');
    history.pushState(null, '', '/start?tab=1');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(added).toHaveLength(1);
  });

  it('compares against the previous navigation, not the load url', () => {
    start();
    history.pushState(null, '', '/a');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    history.pushState(null, '', '/a?x=1');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(added.map((p) => p.type)).toEqual([2, 2, 3]);
  });

  it('reports popstate navigations under the popstate name', () => {
    start();
    history.replaceState(null, '', '/back-here');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    window.dispatchEvent(new PopStateEvent('popstate'));
    history.replaceState(null, '', '/forward');
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(added[2]).toMatchObject({ type: 2, name: 'popstate' });
  });

  it('restores the native history methods on stop', () => {
    const push = history.pushState;
    const replace = history.replaceState;
    start();
    expect(history.pushState).not.toBe(push);
    stop?.();
    stop = undefined;
    expect(history.pushState).toBe(push);
    expect(history.replaceState).toBe(replace);
    expect(Object.prototype.hasOwnProperty.call(history, 'pushState')).toBe(false);
  });

  it('leaves a wrapper installed after ours in place on stop and stays silent through it', () => {
    start();
    const ours = history.pushState;
    const theirs = function (this: History, ...args: Parameters<History['pushState']>) {
      ours.apply(this, args);
    };
    history.pushState = theirs;
    stop?.();
    stop = undefined;
    expect(history.pushState).toBe(theirs);
    history.pushState(null, '', '/after-stop');
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(location.pathname).toBe('/after-stop');
    expect(added).toHaveLength(1);
    delete (history as Partial<History>).pushState;
  });

  it('drops a pending navigation on stop', () => {
    start();
    history.pushState(null, '', '/pending');
    stop?.();
    stop = undefined;
    vi.advanceTimersByTime(URL_DEBOUNCE_MS);
    expect(added).toHaveLength(1);
  });

  it('emits load again on a new start after a stop', () => {
    start();
    stop?.();
    start();
    expect(added.map((p) => ('name' in p ? p.name : ''))).toEqual(['load', 'load']);
  });
});
