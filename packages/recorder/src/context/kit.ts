import type { RecorderLog } from '../host.js';

/**
 * What the capture layer hands the context capture (console, network, errors). This folder is a
 * chunk of its own, loaded only when `init` asks for some capture: it imports nothing but types
 * from the rest of the recorder, so bundlers never have to share code between the two.
 */
export interface ContextDeps {
  /** Emit an rrweb plugin event `{ plugin, payload }` (type 6) stamped now. */
  emit(plugin: string, payload: Record<string, unknown>): void;
  /** URL sanitisation of ingest-protocol §18. */
  sanitizeUrl(url: string): string;
  /** True while the recorder itself is sending (`/batch`, `/metrics`): never captured. */
  isOwnSend(): boolean;
  log: RecorderLog;
  /** The window to instrument (a seam for tests; production passes `window`). */
  win: Window & typeof globalThis;
  /** Clock for durations and rate limits (a seam for tests; production `performance.now`). */
  now?: () => number;
}

/** Protocol names of the plugin events (ingest-protocol §17.3). */
export const CONSOLE_PLUGIN = 'rrweb/console@1';
export const NETWORK_PLUGIN = 'milana/network@1';
export const ERROR_PLUGIN = 'milana/error@1';

/** Cut `text` to `max` characters, marking the cut so nobody mistakes it for the whole value. */
export function cap(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) + `…[${text.length - max} more]` : text;
}

/**
 * Debug-log one of our own failures (`part` names where: "fetch", "xhr", "console", ...). The
 * app's call itself went through; only its entry is missing. A broken logger must not turn this
 * into a thrown error. One short line keeps the lazily loaded chunk small.
 */
export function debug(deps: ContextDeps, part: string, error?: unknown): void {
  try {
    deps.log.debug(`context capture failed (${part}); the page is unaffected`, error);
  } catch {
    // nothing left to report to
  }
}

/**
 * A burst limit: at most `max` entries per `windowMs`. Dropped entries are counted; the first
 * entry allowed after a drop reports the count through `onDropped`, so the gap is visible.
 *
 * @example
 * ```ts
 * const allow = rateLimit(50, 1000, now, (n) => emit({ dropped: n }));
 * if (allow()) emit(entry);
 * ```
 */
export function rateLimit(
  max: number,
  windowMs: number,
  now: () => number,
  onDropped: (count: number) => void,
): () => boolean {
  let windowStart = -Infinity;
  let used = 0;
  let dropped = 0;
  return () => {
    const t = now();
    if (t - windowStart >= windowMs) {
      windowStart = t;
      used = 0;
    }
    if (used >= max) {
      dropped++;
      return false;
    }
    used++;
    if (dropped > 0) {
      const count = dropped;
      dropped = 0;
      onDropped(count);
    }
    return true;
  };
}

/**
 * A string for any value, for error reasons and the like: never throws (a throwing `toString`,
 * a revoked Proxy), handles cycles, and is capped.
 */
export function safeString(value: unknown, max: number): string {
  try {
    if (typeof value === 'string') return cap(value, max);
    if (value instanceof Error) return cap(`${value.name}: ${value.message}`, max);
    if (typeof value === 'object' && value !== null) {
      const seen = new WeakSet<object>();
      const json = JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === 'bigint') return `${v}n`;
        if (typeof v === 'function') return `[function]`;
        if (typeof v === 'object' && v !== null) {
          if (typeof Node === 'function' && v instanceof Node) return `[${v.nodeName}]`;
          if (seen.has(v)) return '[Circular]';
          seen.add(v);
        }
        return v;
      });
      return cap(json ?? '[unserializable]', max);
    }
    return cap(String(value), max);
  } catch {
    return '[unserializable]';
  }
}
