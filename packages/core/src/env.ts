/**
 * Environment probes. Every access is guarded: in sandboxed iframes even reading
 * `window.localStorage` throws, and the SDK must never throw into the host page.
 */

/**
 * Runs `fn` and returns its result, or `fallback` when it throws. The one guard for reads of
 * browser APIs and app-provided objects (throwing getters, Proxies, blocked storage).
 *
 * @example
 * ```ts
 * const raw = guard(() => storage.getItem('k'), null);
 * ```
 */
export function guard<T>(fn: () => T): T | undefined;
export function guard<T, F>(fn: () => T, fallback: F): T | F;
export function guard<T, F>(fn: () => T, fallback?: F): T | F | undefined {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/**
 * True in a browser window (not a worker, not Node or server-side rendering).
 *
 * @example
 * ```ts
 * if (!isBrowser()) return { success: false };
 * ```
 */
export function isBrowser(): boolean {
  // A missing `window` or `document` throws a ReferenceError here, which reads as "no browser".
  return guard(() => {
    // Workers have neither, but some test shims define a fake window inside one.
    const worker = (globalThis as { WorkerGlobalScope?: new () => unknown }).WorkerGlobalScope;
    return (
      !(typeof worker === 'function' && globalThis instanceof worker) &&
      !!document &&
      window.document === document
    );
  }, false);
}

/**
 * The page's `localStorage` or `sessionStorage`, or `null` when it is missing or blocked.
 *
 * @example
 * ```ts
 * const raw = safeStorage('session')?.getItem('milana_session_state') ?? null;
 * ```
 * Calls on the returned object can still throw (quota, revoked access); callers guard them.
 */
export function safeStorage(kind: 'local' | 'session'): Storage | null {
  return guard(() => window[`${kind}Storage`] || null, null);
}
