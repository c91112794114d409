import type { MilanaCustomPayload, RecorderLog } from '../host.js';
import { CUSTOM_QUERY, CUSTOM_URL } from '../protocol.js';

/** Trailing debounce of history navigations (§17.2): the last call's kind and URL win. */
export const URL_DEBOUNCE_MS = 100;

type NavigationKind = 'pushstate' | 'replacestate' | 'popstate';

/** What URL tracking needs from the capture. */
export interface UrlTrackerDeps {
  add(payload: MilanaCustomPayload): void;
  sanitizeUrl: (url: string) => string;
  /** false when `privacy.shouldTrackQueryParams` is false: no type 3 event is ever emitted. */
  trackQuery: boolean;
  /**
   * false at masking level `xhigh`: all page text is masked there, and the title is page text, so
   * URL events leave it out.
   */
  includeTitle?: boolean;
  log: RecorderLog;
}

const NAVIGATION_TYPES = new Set(['navigate', 'reload', 'back_forward', 'prerender']);

function navigationType(): string | undefined {
  try {
    const entry = performance.getEntriesByType('navigation')[0] as
      PerformanceNavigationTiming | undefined;
    return entry !== undefined && NAVIGATION_TYPES.has(entry.type) ? entry.type : undefined;
  } catch {
    return undefined;
  }
}

function trimmedTitle(): string | undefined {
  const title = typeof document.title === 'string' ? document.title.trim() : '';
  return title === '' ? undefined : title;
}

interface Location {
  url: string;
  pathname: string;
  search: string;
}

/** The sanitised URL and its parts, or undefined when it is not an absolute URL. */
function readLocation(sanitizeUrl: (url: string) => string): Location | undefined {
  try {
    const url = sanitizeUrl(window.location.href);
    const parsed = new URL(url);
    return { url, pathname: parsed.pathname, search: parsed.search };
  } catch {
    return undefined;
  }
}

/**
 * Track the page URL as Milana custom events (ingest-protocol §17.2): a type 2 `load` event at
 * once, then for `pushState`, `replaceState` and `popstate` (debounced 100 ms) a type 2 event when
 * the sanitised pathname changed, or a type 3 event when only the sanitised query changed.
 * Hash-only changes emit nothing. Returns a teardown that restores the history methods it wrapped
 * (unless someone wrapped them after us), removes the listener and drops a pending navigation.
 *
 * @example
 * ```ts
 * const stopUrls = startUrlTracking({ add: capture.addCustomEvent, sanitizeUrl, trackQuery: true, log });
 * stopUrls();
 * ```
 */
export function startUrlTracking(deps: UrlTrackerDeps): () => void {
  const titleOf = (): string | undefined =>
    deps.includeTitle === false ? undefined : trimmedTitle();
  let baseline = readLocation(deps.sanitizeUrl);
  let active = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pendingKind: NavigationKind | undefined;

  if (baseline !== undefined) {
    const attributes: Record<string, string> = { url: baseline.url };
    const type = navigationType();
    if (type !== undefined) attributes.navigationType = type;
    const title = titleOf();
    if (title !== undefined) attributes.title = title;
    deps.add({ type: CUSTOM_URL, name: 'load', attributes });
  }

  const settle = (): void => {
    timer = undefined;
    const kind = pendingKind;
    pendingKind = undefined;
    if (!active || kind === undefined) return;
    const next = readLocation(deps.sanitizeUrl);
    if (next === undefined) return;
    const previous = baseline;
    baseline = next;
    if (previous === undefined || next.pathname !== previous.pathname) {
      const attributes: Record<string, string> = { url: next.url };
      const title = titleOf();
      if (title !== undefined) attributes.title = title;
      deps.add({ type: CUSTOM_URL, name: kind, attributes });
    } else if (next.search !== previous.search && deps.trackQuery) {
      deps.add({ type: CUSTOM_QUERY, name: kind, attributes: { url: next.url } });
    }
  };

  const schedule = (kind: NavigationKind): void => {
    if (!active) return;
    pendingKind = kind;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(settle, URL_DEBOUNCE_MS);
  };

  const restorePush = wrapHistoryMethod('pushState', () => schedule('pushstate'), deps.log);
  const restoreReplace = wrapHistoryMethod(
    'replaceState',
    () => schedule('replacestate'),
    deps.log,
  );
  const onPopState = (): void => schedule('popstate');
  window.addEventListener('popstate', onPopState);

  return () => {
    if (!active) return;
    active = false;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pendingKind = undefined;
    baseline = undefined;
    window.removeEventListener('popstate', onPopState);
    restorePush();
    restoreReplace();
  };
}

/**
 * Replace `history[name]` with a wrapper that runs the native method first (so the app sees the
 * exact same behaviour and errors) and then notifies. Returns the restore function.
 */
function wrapHistoryMethod(
  name: 'pushState' | 'replaceState',
  notify: () => void,
  log: RecorderLog,
): () => void {
  const history = window.history;
  const hadOwn = Object.prototype.hasOwnProperty.call(history, name);
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the caller's `this` (a wrapper must pass it through)
  const original = history[name];
  let live = true;
  const wrapper = function (this: History, ...args: Parameters<History['pushState']>): void {
    original.apply(this, args);
    // A stale wrapper (someone wrapped us, then we stopped) must only pass calls through.
    if (live) notify();
  };
  try {
    history[name] = wrapper;
  } catch (error) {
    log.debug(`history.${name} could not be wrapped; those URL changes are not recorded`, error);
    return () => undefined;
  }
  return () => {
    live = false;
    if (history[name] !== wrapper) return;
    if (hadOwn) history[name] = original;
    else delete (history as Partial<History>)[name];
  };
}
