import { clearTimeout as nodeClearTimeout, setTimeout as nodeSetTimeout } from 'node:timers';

// The server runs inside test processes that often install fake timers on globalThis.
// Taking the functions from `node:timers` keeps delays, idle close and waitFor timeouts on
// the real clock, so a faked clock can neither stall nor fast-forward the server.

/** A real-clock timer handle. */
export type RealTimer = ReturnType<typeof nodeSetTimeout>;

/** Run `fn` after `ms` on the real clock. `keepAlive: false` lets the process exit meanwhile. */
export function realTimeout(fn: () => void, ms: number, keepAlive = true): RealTimer {
  const timer = nodeSetTimeout(fn, ms);
  if (!keepAlive) timer.unref();
  return timer;
}

/** Cancel a timer made by {@link realTimeout}. */
export function clearRealTimeout(timer: RealTimer | undefined): void {
  if (timer !== undefined) nodeClearTimeout(timer);
}
