/**
 * Environment probes. Every access is guarded: in sandboxed iframes even reading
 * `window.localStorage` throws, and the SDK must never throw into the host page.
 */

/**
 * True in a browser window (not a worker, not Node or server-side rendering).
 *
 * @example
 * ```ts
 * if (!isBrowser()) return { success: false };
 * ```
 */
export function isBrowser(): boolean {
  try {
    if (typeof window === 'undefined' || typeof document === 'undefined') return false;
    // Workers have neither, but some test shims define a fake window inside one.
    const workerScope = (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope;
    if (
      typeof workerScope === 'function' &&
      globalThis instanceof (workerScope as new () => unknown)
    )
      return false;
    return window.document === document;
  } catch {
    return false;
  }
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
  try {
    if (typeof window === 'undefined') return null;
    const storage = kind === 'local' ? window.localStorage : window.sessionStorage;
    return storage ?? null;
  } catch {
    return null;
  }
}
