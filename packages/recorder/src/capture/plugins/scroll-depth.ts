import type { PluginContext, PluginTeardown } from './context.js';
import { guard } from './plugin-kit.js';

/** Protocol name of the scroll-depth plugin (§17.3); the server keys on it. */
export const SCROLL_DEPTH_PLUGIN = 'milana/scroll-depth@1';

/** Trailing debounce (§17.3): one event once the depth stopped rising for this long. */
export const SCROLL_DEPTH_DEBOUNCE_MS = 250;

/**
 * How deep the viewport's bottom edge reaches into the document, floored to a step of 10 and
 * capped at 100; a document that does not scroll counts as 100. 0 means "not yet 10 %".
 * The bottom edge is rounded up to a whole pixel, because at the very end of a page a fractional
 * `scrollY` (zoom, high-DPI) would otherwise floor 100 % to 90 %.
 *
 * @example
 * ```ts
 * // scrollY 300, innerHeight 800, scrollHeight 2000 -> 1100 / 2000 = 55 % -> 50
 * measureScrollDepth(); // 50
 * ```
 */
export function measureScrollDepth(): number {
  const scrollHeight = Math.max(
    document.documentElement?.scrollHeight ?? 0,
    document.body?.scrollHeight ?? 0,
  );
  const viewport = window.innerHeight;
  if (!(scrollHeight > viewport)) return 100;
  const bottom = Math.min(scrollHeight, Math.ceil(window.scrollY + viewport));
  // Integer arithmetic, so 300/1000 is 3 steps and not 2.9999….
  return Math.min(100, Math.floor((bottom * 10) / scrollHeight) * 10);
}

/**
 * Record the deepest 10 % scroll step reached on each path, as `{ depthPercentage, path }`.
 *
 * - Checked at start, on every `scroll`, and on SPA navigation. The deepest step seen is kept as
 *   pending and emitted 250 ms after the last rise (trailing debounce); the timer re-measures
 *   before it emits, so a late layout change is included.
 * - Per pathname: when `location.pathname` differs from the tracked one, the pending depth is
 *   flushed under the OLD path first, then tracking restarts from 0 for the new path.
 * - SPA navigation without wrapping `history` (the capture layer owns those wrappers): `popstate`,
 *   the Navigation API's `currententrychange` (fired for pushState/replaceState too) where the
 *   browser has it, and a pathname comparison on every scroll and timer tick as the fallback. A
 *   navigation schedules the new path's measurement through the debounce, so the new page has
 *   rendered when it is measured.
 * - Teardown flushes the pending depth.
 *
 * @example
 * ```ts
 * const stop = startScrollDepthPlugin(ctx);
 * // user scrolls to the middle of /pricing ->
 * //   { plugin: 'milana/scroll-depth@1', payload: { depthPercentage: 50, path: '/pricing' } }
 * stop();
 * ```
 */
export function startScrollDepthPlugin(ctx: PluginContext): PluginTeardown {
  let path = location.pathname;
  let reported = 0;
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending > reported) {
      ctx.emitPlugin(SCROLL_DEPTH_PLUGIN, { depthPercentage: pending, path });
      reported = pending;
    }
    pending = 0;
  };

  /** A new pathname: report what the old one reached, then start the new one from zero. */
  const syncPath = () => {
    const current = location.pathname;
    if (current === path) return;
    flush();
    path = current;
    reported = 0;
  };

  const raise = () => {
    const depth = measureScrollDepth();
    if (depth > reported && depth > pending) pending = depth;
  };

  const onTimer = guard(ctx, SCROLL_DEPTH_PLUGIN, () => {
    timer = undefined;
    if (stopped) return;
    syncPath();
    raise();
    flush();
  });

  const restartTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(onTimer, SCROLL_DEPTH_DEBOUNCE_MS);
  };

  const check = guard(ctx, SCROLL_DEPTH_PLUGIN, () => {
    syncPath();
    raise();
    if (pending > reported) restartTimer();
  });

  const onNavigation = guard(ctx, SCROLL_DEPTH_PLUGIN, () => {
    if (location.pathname === path) return;
    syncPath();
    restartTimer();
  });

  const navigation = (window as { navigation?: EventTarget }).navigation;
  window.addEventListener('scroll', check, { passive: true });
  window.addEventListener('popstate', onNavigation);
  navigation?.addEventListener?.('currententrychange', onNavigation);
  check();

  return () => {
    if (stopped) return;
    stopped = true;
    window.removeEventListener('scroll', check);
    window.removeEventListener('popstate', onNavigation);
    navigation?.removeEventListener?.('currententrychange', onNavigation);
    guard(ctx, SCROLL_DEPTH_PLUGIN, flush)();
  };
}
