import type { Logger } from './log';
import { unrefTimer } from './timers';

/** Bound of the call queue (DESIGN.md: about 1000 entries); the oldest call is dropped beyond it. */
export const MAX_QUEUED_CALLS = 1000;

/**
 * How long a call may wait for a session before it settles `{ success: false }`. Upstream leaves
 * calls made before a (failed) `init` pending forever; we keep them so a later `init` can still run
 * them, but a promise that never settles is a bug in the host app's eyes.
 */
export const QUEUED_CALL_TTL_MS = 5 * 60 * 1000;

/** A call held until a session is ready: `_go(true)` runs it, `_go(false)` settles it unrun. */
interface Queued {
  readonly _name: string;
  readonly _go: (run: boolean) => void;
  _deadline: number;
}

/** What a session drives; see {@link createCallQueue}. */
export type CallQueue = ReturnType<typeof createCallQueue>;

/**
 * The calls made before a session is ready, run in call order when it is. Readiness is an event
 * (the session calls `_take`), nothing polls; one timer runs only while something waits, for the
 * oldest call's 5-minute deadline, and none while `paused()` (awaiting consent: the visitor may take
 * long to answer, and the app owns the decision).
 */
export function createCallQueue(log: Logger, ready: () => boolean, paused: () => boolean) {
  let queue: Queued[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function arm(): void {
    if (timer || !queue[0] || paused()) return;
    timer = setTimeout(() => {
      timer = undefined;
      let expired = 0;
      while (queue[0] && queue[0]._deadline <= Date.now()) {
        queue.shift()!._go(false);
        expired++;
      }
      if (expired)
        log.info(`${expired} queued call(s) expired: no session within 5 min; check init()`);
      arm();
    }, queue[0]._deadline - Date.now());
    unrefTimer(timer);
  }

  return {
    /**
     * Runs `go` now when a session is ready and nothing waits, otherwise holds it in call order
     * (a call made while older ones wait runs after them).
     */
    _schedule(name: string, go: (run: boolean) => void): void {
      if (ready() && !queue.length) return go(true);
      queue.push({ _name: name, _go: go, _deadline: Date.now() + QUEUED_CALL_TTL_MS });
      if (queue.length > MAX_QUEUED_CALLS) {
        const oldest = queue.shift()!;
        log.warn(`${oldest._name}: dropped, over ${MAX_QUEUED_CALLS} calls wait for init()`);
        oldest._go(false);
      }
      arm();
    },

    /**
     * A session starts: waiting calls get the usual time to live from now on (those that waited for
     * consent never expired meanwhile; those made before init waited for exactly this start).
     * An arrow, since the session passes it on unbound as a commit effect.
     */
    _renew: (): void => {
      for (const call of queue) call._deadline = Date.now() + QUEUED_CALL_TTL_MS;
      arm();
    },

    /** Runs (on readiness) or settles (on `stopRecording()`) every held call once, in order. */
    _take(run: boolean): void {
      const held = queue;
      queue = [];
      clearTimeout(timer);
      timer = undefined;
      for (const call of held) call._go(run);
    },
  };
}
