/** How long rrweb may wait for an idle moment before it starts anyway (ingest-protocol §17.1). */
export const IDLE_START_TIMEOUT_MS = 10_000;

/**
 * Run `task` when the browser is idle (at the latest after `IDLE_START_TIMEOUT_MS`), or on the
 * next macrotask where `requestIdleCallback` does not exist (Safari). Returns a cancel function.
 * Starting rrweb off the critical path keeps its first full snapshot out of the page's load work.
 */
export function whenIdle(task: () => void): () => void {
  if (typeof window !== 'undefined' && typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(() => task(), { timeout: IDLE_START_TIMEOUT_MS });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, 0);
  return () => clearTimeout(handle);
}
