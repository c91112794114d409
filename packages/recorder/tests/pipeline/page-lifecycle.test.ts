import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenPageLifecycle } from '../../src/pipeline/page-lifecycle.js';

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
});

describe('listenPageLifecycle', () => {
  it('reports each visibilitychange with the new state', () => {
    const onVisibilityChange = vi.fn();
    const stop = listenPageLifecycle({ onVisibilityChange, onPageHide: vi.fn() });
    setVisibility('hidden');
    setVisibility('visible');
    expect(onVisibilityChange.mock.calls).toEqual([['hidden'], ['visible']]);
    stop();
  });

  it('reports pagehide with its persisted flag', () => {
    const onPageHide = vi.fn();
    const stop = listenPageLifecycle({ onVisibilityChange: vi.fn(), onPageHide });
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(onPageHide.mock.calls).toEqual([[true], [false]]);
    stop();
  });

  it('reports online and a pageshow from the back/forward cache (not a plain pageshow)', () => {
    const onOnline = vi.fn();
    const onPageRestored = vi.fn();
    const stop = listenPageLifecycle({
      onVisibilityChange: vi.fn(),
      onPageHide: vi.fn(),
      onOnline,
      onPageRestored,
    });
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(onOnline).toHaveBeenCalledTimes(1);
    expect(onPageRestored).toHaveBeenCalledTimes(1);
    stop();
    window.dispatchEvent(new Event('online'));
    expect(onOnline).toHaveBeenCalledTimes(1);
  });

  it('stops reporting once the returned function ran', () => {
    const onVisibilityChange = vi.fn();
    const onPageHide = vi.fn();
    listenPageLifecycle({ onVisibilityChange, onPageHide })();
    setVisibility('hidden');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(onVisibilityChange).not.toHaveBeenCalled();
    expect(onPageHide).not.toHaveBeenCalled();
  });
});
