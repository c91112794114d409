import type { Logger } from './log';
import { unrefTimer } from './timers';

/** Default bound of the queue (DESIGN.md: about 1000 entries). */
export const MAX_QUEUED_CALLS = 1000;

/**
 * How long a call may wait for a session before it settles `{ success: false }`.
 *
 * Upstream leaves calls made before a (failed) `init` pending forever. We keep them queued so a
 * later `init` can still run them (apps identify before init, or retry init after a failure), but
 * a promise that never settles is a bug in the host app's eyes, so each call gets five minutes.
 */
export const QUEUED_CALL_TTL_MS = 5 * 60 * 1000;

/** One held call. `run` executes it for real; `drop` settles it without running it. */
export interface QueuedCall {
  /** The public call's name, for log lines. */
  readonly name: string;
  run(): void;
  drop(): void;
}

interface Entry {
  call: QueuedCall;
  deadline: number;
}

/** Options of {@link CallQueue}. */
export interface CallQueueOptions {
  log: Logger;
  max?: number;
  ttlMs?: number;
}

/**
 * Calls made before the session is ready, held in call order.
 *
 * Readiness is an event: the client calls {@link CallQueue.drain} when a session becomes ready,
 * and every held call runs exactly once, in order. Nothing polls. The queue is bounded (the
 * oldest call is dropped with a warning) and every entry expires after {@link QUEUED_CALL_TTL_MS}
 * through one timer that only exists while something is queued.
 */
export class CallQueue {
  private _entries: Entry[] = [];
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private readonly _log: Logger;
  private readonly _max: number;
  private readonly _ttlMs: number;

  constructor(options: CallQueueOptions) {
    this._log = options.log;
    this._max = options.max ?? MAX_QUEUED_CALLS;
    this._ttlMs = options.ttlMs ?? QUEUED_CALL_TTL_MS;
  }

  get size(): number {
    return this._entries.length;
  }

  /** Holds `call` until the next {@link drain}, {@link dropAll}, overflow or expiry. */
  enqueue(call: QueuedCall): void {
    this._entries.push({ call, deadline: Date.now() + this._ttlMs });
    if (this._entries.length > this._max) {
      const oldest = this._entries.shift();
      if (oldest) {
        this._log.warn(
          `${oldest.call.name}: dropped, more than ${this._max} calls wait for a session; call init() earlier`,
        );
        this._settle(oldest.call);
      }
    }
    this._arm();
  }

  /** Runs every held call once, in call order. Calls queued while draining wait for the next drain. */
  drain(): void {
    const batch = this._entries;
    this._entries = [];
    this._disarm();
    for (const entry of batch) {
      try {
        entry.call.run();
      } catch (error) {
        this._log.debug(`${entry.call.name}: a queued call failed to run`, error);
        this._settle(entry.call);
      }
    }
  }

  /** Settles every held call without running it (`stopRecording()`). */
  dropAll(): void {
    const batch = this._entries;
    this._entries = [];
    this._disarm();
    for (const entry of batch) this._settle(entry.call);
  }

  private _settle(call: QueuedCall): void {
    try {
      call.drop();
    } catch (error) {
      this._log.debug(`${call.name}: dropping a queued call failed`, error);
    }
  }

  private _arm(): void {
    if (this._timer !== null || this._entries.length === 0) return;
    const first = this._entries[0];
    if (!first) return;
    const wait = Math.max(0, first.deadline - Date.now());
    this._timer = setTimeout(() => this._expire(), wait);
    unrefTimer(this._timer);
  }

  private _disarm(): void {
    if (this._timer !== null) clearTimeout(this._timer);
    this._timer = null;
  }

  private _expire(): void {
    this._timer = null;
    const now = Date.now();
    let expired = 0;
    while (this._entries.length > 0 && (this._entries[0] as Entry).deadline <= now) {
      const entry = this._entries.shift() as Entry;
      expired++;
      this._settle(entry.call);
    }
    if (expired > 0) {
      this._log.info(
        `${expired} queued call(s) settled { success: false }: no session within ${Math.round(this._ttlMs / 1000)} s; check that init() succeeds`,
      );
    }
    this._arm();
  }
}
