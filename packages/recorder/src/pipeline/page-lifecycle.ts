/** Callbacks for the page events of §13.1 and §13.2. */
export interface PageLifecycleHandlers {
  /** `visibilitychange` on `document`, with the new state. */
  onVisibilityChange(state: 'hidden' | 'visible'): void;
  /** `pagehide` on `window`; `persisted` is true when the page goes into the back/forward cache. */
  onPageHide(persisted: boolean): void;
}

/**
 * Listen for `visibilitychange` and `pagehide` while recording. Returns the function that removes
 * both listeners. Does nothing outside a browser.
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
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onPageHide);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', onPageHide);
  };
}
