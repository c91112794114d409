import type { BufferedEvent } from './event-buffer.js';
import { UNSENT_KEY, UNSENT_MAX_CHARS } from './limits.js';

/**
 * The unsent tail of a page (§23 "Navigation and reload"): at `pagehide` the events no keepalive
 * request carries go to `sessionStorage`, and the next page of the tab that resumes the same
 * session sends them first. Every storage access is guarded: a sandboxed frame or a full quota
 * only means the tail is not kept.
 *
 * Stored text: `{"sessionId":"…","mark":"…","events":[<event JSON>,…]}`. The events are embedded
 * as JSON, not as strings, so nothing is escaped twice and the 2 MiB budget holds more.
 */

/** One event read back from storage: its JSON text and timestamp, ready to be buffered again. */
export interface RestoredEvent {
  json: string;
  timestamp: number;
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Write the oldest `events` that fit in {@link UNSENT_MAX_CHARS} (the newest are dropped first).
 * Returns the sequence number of the last event written, or 0 when nothing was written.
 *
 * @example
 * ```ts
 * const through = saveUnsent('sess_1', 'm1', buffer.all());
 * ```
 */
export function saveUnsent(
  sessionId: string,
  mark: string,
  events: readonly BufferedEvent[],
): number {
  const head = `{"sessionId":${JSON.stringify(sessionId)},"mark":${JSON.stringify(mark)},"events":[`;
  let chars = head.length + 2;
  let n = 0;
  for (const event of events) {
    if (chars + event.json.length + 1 > UNSENT_MAX_CHARS) break;
    chars += event.json.length + 1;
    n++;
  }
  if (n === 0) return 0;
  const kept = events.slice(0, n);
  const store = storage();
  if (store === null) return 0;
  try {
    store.setItem(UNSENT_KEY, `${head}${kept.map((e) => e.json).join(',')}]}`);
    return kept[n - 1]!.seq;
  } catch {
    // Quota or a sandbox: the tail cannot be kept. Never an exception into the page.
    return 0;
  }
}

/** The `mark` of the stored tail, or null when there is none (to tell whether it was taken). */
export function unsentMark(): string | null {
  try {
    const text = storage()?.getItem(UNSENT_KEY);
    if (!text) return null;
    const mark: unknown = (JSON.parse(text) as { mark?: unknown }).mark;
    return typeof mark === 'string' ? mark : null;
  } catch {
    return null;
  }
}

/**
 * The events the previous page of this tab left for `sessionId`, oldest first. A tail of another
 * session, or one that cannot be read, is removed and yields nothing.
 */
export function loadUnsent(sessionId: string): RestoredEvent[] {
  let text: string | null | undefined;
  try {
    text = storage()?.getItem(UNSENT_KEY);
  } catch {
    return [];
  }
  if (!text) return [];
  try {
    const stored = JSON.parse(text) as { sessionId?: unknown; events?: unknown };
    if (stored.sessionId === sessionId && Array.isArray(stored.events)) {
      const restored: RestoredEvent[] = [];
      for (const event of stored.events as { timestamp?: unknown }[]) {
        if (typeof event !== 'object' || event === null) continue;
        const timestamp = typeof event.timestamp === 'number' ? event.timestamp : Date.now();
        restored.push({ json: JSON.stringify(event), timestamp });
      }
      return restored;
    }
  } catch {
    // unreadable: dropped below like a tail of another session
  }
  removeUnsent();
  return [];
}

/** Remove the stored tail (it was delivered, or belongs to a session that is gone). */
export function removeUnsent(): void {
  try {
    storage()?.removeItem(UNSENT_KEY);
  } catch {
    // nothing to do: storage is unusable
  }
}
