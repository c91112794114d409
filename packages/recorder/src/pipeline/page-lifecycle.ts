/** Callbacks for the page events of §13.1, §13.2 and §23. */
export interface PageLifecycleHandlers {
  /** `visibilitychange` on `document`, with the new state. */
  onVisibilityChange(state: 'hidden' | 'visible'): void;
  /** `pagehide` on `window`; `persisted` is true when the page goes into the back/forward cache. */
  onPageHide(persisted: boolean): void;
  /** `pageshow` on `window` with `persisted` true: the page came back from the back/forward cache. */
  onPageRestored?(): void;
  /** `online` on `window`: the browser thinks the network is back (§23 retries at once). */
  onOnline?(): void;
}

/**
 * Listen for `visibilitychange`, `pagehide`, `pageshow` and `online` while recording. Returns the
 * function that removes every listener. Does nothing outside a browser.
 *
 * @example
 * ```ts
 * const unlisten = listenPageLifecycle({ onVisibilityChange: flushIfHidden, onPageHide: ping });
 * unlisten();
 * ```
 */
export function listenPageLifecycle(handlers: PageLifecycleHandlers): () => void {
  if (typeof document === 'undefined' || typeof window === 'undefined') return () => undefined;
  const onVisibility = (): void => {
    const state = document.visibilityState;
    // 'prerender' (old engines) is neither; it is not a change the protocol reports.
    if (state === 'hidden' || state === 'visible') handlers.onVisibilityChange(state);
  };
  const onPageHide = (event: Event): void => {
    handlers.onPageHide((event as PageTransitionEvent).persisted === true);
  };
  const onPageShow = (event: Event): void => {
    if ((event as PageTransitionEvent).persisted === true) handlers.onPageRestored?.();
  };
  const onOnline = (): void => handlers.onOnline?.();
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('pageshow', onPageShow);
  window.addEventListener('online', onOnline);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
    window.removeEventListener('online', onOnline);
  };
}
