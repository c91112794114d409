import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  SCROLL_DEPTH_DEBOUNCE_MS,
  SCROLL_DEPTH_PLUGIN,
  measureScrollDepth,
  startScrollDepthPlugin,
} from '../../../src/capture/plugins/scroll-depth.js';
import { fakeContext, type FakeContext } from './fake-context.js';

// jsdom has no layout: the three numbers the depth formula reads are set by hand.
function layout(scrollHeight: number, innerHeight: number, scrollY = 0): void {
  Object.defineProperty(document.documentElement, 'scrollHeight', {
    configurable: true,
    value: scrollHeight,
  });
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: innerHeight });
  Object.defineProperty(window, 'scrollY', { configurable: true, value: scrollY });
}

function scrollTo(scrollY: number): void {
  Object.defineProperty(window, 'scrollY', { configurable: true, value: scrollY });
  window.dispatchEvent(new Event('scroll'));
}

const depths = (ctx: FakeContext) =>
  ctx.emitted.map((e) => [e.payload.depthPercentage, e.payload.path]);

let ctx: FakeContext;
let stop: (() => void) | undefined;

beforeEach(() => {
  vi.useFakeTimers();
  history.replaceState(null, '', '/docs');
  layout(2000, 800, 0);
  ctx = fakeContext();
});

afterEach(() => {
  stop?.();
  stop = undefined;
  vi.useRealTimers();
  delete (window as { navigation?: unknown }).navigation;
});

describe('measureScrollDepth', () => {
  it('floors the viewport bottom to a step of 10', () => {
    layout(2000, 800, 300); // 1100 / 2000 = 55 %
    expect(measureScrollDepth()).toBe(50);
    layout(1000, 500, 100); // exactly 60 %
    expect(measureScrollDepth()).toBe(60);
  });

  it('returns 0 below the first 10 % step', () => {
    layout(10_000, 500, 0);
    expect(measureScrollDepth()).toBe(0);
  });

  it('counts a page that does not scroll as 100', () => {
    layout(800, 800, 0);
    expect(measureScrollDepth()).toBe(100);
    layout(0, 0, 0);
    expect(measureScrollDepth()).toBe(100);
  });

  it('caps at 100, also at a fractional scroll position at the very bottom', () => {
    layout(2000, 800, 1199.5);
    expect(measureScrollDepth()).toBe(100);
    layout(2000, 800, 5000);
    expect(measureScrollDepth()).toBe(100);
  });
});

describe('startScrollDepthPlugin', () => {
  it('checks at start and emits the depth with the pathname after 250 ms', () => {
    layout(2000, 1000, 0);
    stop = startScrollDepthPlugin(ctx);
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS - 1);
    expect(ctx.emitted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ctx.emitted).toEqual([
      { plugin: 'milana/scroll-depth@1', payload: { depthPercentage: 50, path: '/docs' } },
    ]);
    expect(SCROLL_DEPTH_PLUGIN).toBe('milana/scroll-depth@1');
  });

  it('emits 100 for a page that does not scroll', () => {
    layout(600, 800, 0);
    stop = startScrollDepthPlugin(ctx);
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    expect(depths(ctx)).toEqual([[100, '/docs']]);
  });

  it('emits only the deepest step once the scrolling paused for 250 ms', () => {
    stop = startScrollDepthPlugin(ctx); // 40 % at start, pending
    for (const y of [200, 400, 600, 700]) {
      vi.advanceTimersByTime(100);
      scrollTo(y);
    }
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS - 1);
    expect(ctx.emitted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(depths(ctx)).toEqual([[70, '/docs']]); // (700 + 800) / 2000 = 75 %
  });

  it('emits again only when a deeper step is reached', () => {
    stop = startScrollDepthPlugin(ctx);
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS); // 40
    scrollTo(0);
    scrollTo(50); // still 40 %
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    scrollTo(1200); // 100 %
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    scrollTo(200);
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    expect(depths(ctx)).toEqual([
      [40, '/docs'],
      [100, '/docs'],
    ]);
  });

  it('emits nothing while the depth is under 10 %', () => {
    layout(20_000, 1000, 0);
    stop = startScrollDepthPlugin(ctx);
    scrollTo(500); // 7.5 %
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS * 4);
    expect(ctx.emitted).toEqual([]);
  });

  it('flushes the pending depth under the old path, then starts the new path from zero', () => {
    stop = startScrollDepthPlugin(ctx);
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS); // 40 on /docs
    scrollTo(1200); // 100 pending on /docs
    history.pushState(null, '', '/pricing');
    // No navigation signal in jsdom: the next scroll tick notices the new pathname.
    scrollTo(0);
    expect(depths(ctx)).toEqual([
      [40, '/docs'],
      [100, '/docs'],
    ]);
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    expect(depths(ctx)).toEqual([
      [40, '/docs'],
      [100, '/docs'],
      [40, '/pricing'],
    ]);
  });

  it('checks on popstate, measuring the new path once the debounce has let it render', () => {
    stop = startScrollDepthPlugin(ctx);
    scrollTo(1200); // 100 pending on /docs
    history.pushState(null, '', '/blog');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(depths(ctx)).toEqual([[100, '/docs']]);
    layout(700, 800, 0); // the new page turns out not to scroll
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    expect(depths(ctx)).toEqual([
      [100, '/docs'],
      [100, '/blog'],
    ]);
  });

  it("checks on the Navigation API's currententrychange, which pushState fires", () => {
    const navigation = new EventTarget();
    (window as { navigation?: unknown }).navigation = navigation;
    stop = startScrollDepthPlugin(ctx);
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS); // 40 on /docs
    history.pushState(null, '', '/settings');
    navigation.dispatchEvent(new Event('currententrychange'));
    layout(4000, 800, 0);
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    expect(depths(ctx)).toEqual([
      [40, '/docs'],
      [20, '/settings'],
    ]);
    stop();
    stop = undefined;
    history.pushState(null, '', '/after-stop');
    navigation.dispatchEvent(new Event('currententrychange'));
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    expect(ctx.emitted).toHaveLength(2);
  });

  it('ignores a navigation that keeps the pathname', () => {
    stop = startScrollDepthPlugin(ctx);
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    history.pushState(null, '', '/docs?tab=2#top');
    window.dispatchEvent(new PopStateEvent('popstate'));
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    expect(depths(ctx)).toEqual([[40, '/docs']]);
  });

  it('flushes the pending depth on teardown and then stays silent', () => {
    stop = startScrollDepthPlugin(ctx);
    scrollTo(400); // 60 % pending
    stop();
    expect(depths(ctx)).toEqual([[60, '/docs']]);
    stop();
    scrollTo(1200);
    vi.advanceTimersByTime(SCROLL_DEPTH_DEBOUNCE_MS);
    expect(ctx.emitted).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    stop = undefined;
  });

  it('logs and swallows a failure while measuring instead of throwing into the page', () => {
    stop = startScrollDepthPlugin(ctx);
    Object.defineProperty(window, 'scrollY', {
      configurable: true,
      get() {
        throw new Error('layout exploded');
      },
    });
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.error);
    window.addEventListener('error', onError);
    window.dispatchEvent(new Event('scroll'));
    window.removeEventListener('error', onError);
    expect(errors).toEqual([]);
    expect(ctx.log.debug).toHaveBeenCalledWith(
      expect.stringContaining('milana/scroll-depth@1'),
      expect.any(Error),
    );
    layout(2000, 800, 0);
  });
});
