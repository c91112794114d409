import type { MilanaState, StateListener } from './types';
import type { Logger } from './log';
import { contain } from './log';

/** A subscription, wrapped so the same function subscribed twice is two subscriptions. */
interface Entry {
  readonly _fn: StateListener;
}

/** What a session notifies through; see {@link createListeners}. */
export type Listeners = ReturnType<typeof createListeners>;

/**
 * The state listeners of one client and the one queue their deliveries wait in (the model is
 * Nano Stores' listener queue). The session's commit queues a snapshot, runs the transition's
 * effects, then flushes: a listener that calls `stopRecording()` or `identify()` finds the
 * transition that notified it complete, and the change it causes is queued behind the current
 * one, so every listener sees the snapshots in commit order and none interleaves.
 */
export function createListeners(log: Logger) {
  const listeners = new Set<Entry>();
  /** Deliveries not yet made, in commit order; a subscription is paired with its snapshot. */
  let pending: Array<[Entry, MilanaState]> = [];
  let flushing = false;

  // One broken listener must not starve the others or break the SDK.
  const deliver = (entry: Entry, snapshot: MilanaState): void =>
    contain(log, 'a state listener threw', () => entry._fn(snapshot));

  return {
    /** Queues `snapshot` for every current subscription. */
    _queue(snapshot: MilanaState): void {
      for (const entry of listeners) pending.push([entry, snapshot]);
    },

    /** Delivers what is queued; inside a delivery it returns at once (the outer flush goes on). */
    _flush(): void {
      if (flushing) return;
      flushing = true;
      // An array iterator also visits what is pushed during the loop (later commits), in order.
      // An unsubscribed listener gets nothing more, even what was queued for it.
      for (const [entry, snapshot] of pending) if (listeners.has(entry)) deliver(entry, snapshot);
      pending = [];
      flushing = false;
    },

    /** Calls `listener` on every change, and at once with `now` when given. Returns the unsubscribe. */
    _watch(listener: StateListener, now: MilanaState | false): () => void {
      const entry = { _fn: listener };
      listeners.add(entry);
      if (now) deliver(entry, now);
      return () => void listeners.delete(entry);
    },
  };
}
