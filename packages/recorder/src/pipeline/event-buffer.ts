import type { RecorderLog } from '../host.js';
import type { CapturedEvent } from './capture-port.js';
import { batchBody, type BatchFlags } from './envelope.js';

/** One buffered event: its JSON text, its timestamp (for `batchStartedAt`) and its sequence number. */
export interface BufferedEvent {
  readonly json: string;
  readonly timestamp: number;
  /** Increases by one per pushed event; a send acknowledges "everything up to seq N". */
  readonly seq: number;
}

/**
 * The buffer of unacknowledged events (§10, §23). Events are stored already serialised, so the
 * sizes the rules look at are known without re-serialising, and a body is a string join.
 *
 * Sends refer to events by sequence number rather than by position, because the front of the
 * buffer can move while a send is in flight (the memory bound drops the oldest events): an
 * acknowledgement then removes exactly what it carried and is still there.
 *
 * @example
 * ```ts
 * const buffer = new EventBuffer();
 * buffer.push('{"type":3,"data":{},"timestamp":1}', 1);
 * const batch = buffer.take(5_242_880);
 * buffer.ackThrough(batch.at(-1)!.seq);
 * ```
 */
export class EventBuffer {
  private events: BufferedEvent[] = [];
  private totalChars = 0;
  private nextSeq = 1;

  /** Number of buffered events. */
  get count(): number {
    return this.events.length;
  }

  /** Sum of the serialised events' lengths in UTF-16 chars (the protocol measures chars). */
  get chars(): number {
    return this.totalChars;
  }

  /** Sequence number of the newest event pushed so far (0 before any). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  push(json: string, timestamp: number): void {
    this.events.push({ json, timestamp, seq: this.nextSeq++ });
    this.totalChars += json.length;
  }

  /** The buffered events, oldest first (a read-only view; do not keep it across pushes). */
  all(): readonly BufferedEvent[] {
    return this.events;
  }

  /** {@link oldestWithin} of the buffered events. */
  take(maxChars: number, maxCount: number = Infinity): BufferedEvent[] {
    return oldestWithin(this.events, maxChars, maxCount);
  }

  /** Remove every event up to and including `seq`: the server (or the browser) has them. */
  ackThrough(seq: number): number {
    let n = 0;
    while (n < this.events.length && this.events[n]!.seq <= seq) {
      this.totalChars -= this.events[n]!.json.length;
      n++;
    }
    if (n > 0) this.events.splice(0, n);
    return n;
  }

  /**
   * {@link push}, then past `maxChars` (the §23 memory bound) drop the oldest events; returns how
   * many were dropped (0 while under the bound).
   */
  pushWithin(json: string, timestamp: number, maxChars: number): number {
    this.push(json, timestamp);
    return this.totalChars > maxChars ? this.trimTo(maxChars) : 0;
  }

  /** Drop the oldest events until at most `maxChars` remain; returns how many were dropped. */
  trimTo(maxChars: number): number {
    let n = 0;
    let chars = this.totalChars;
    while (n < this.events.length && chars > maxChars) chars -= this.events[n++]!.json.length;
    if (n > 0) {
      this.events.splice(0, n);
      this.totalChars = chars;
    }
    return n;
  }

  clear(): void {
    this.events = [];
    this.totalChars = 0;
  }
}

/**
 * The oldest of `events` that take at most `maxChars` of a body (each event's JSON plus the comma
 * that joins it; at most `maxCount` events), but at least one: an event bigger than the cap goes
 * alone (§23).
 */
export function oldestWithin(
  events: readonly BufferedEvent[],
  maxChars: number,
  maxCount: number = Infinity,
): BufferedEvent[] {
  let chars = 0;
  let n = 0;
  for (const event of events) {
    if (n >= maxCount || (n > 0 && chars + event.json.length + 1 > maxChars)) break;
    chars += event.json.length + 1;
    n++;
  }
  return events.slice(0, n);
}

/**
 * The `/batch` envelope carrying `events`. `batchStartedAt` is the first event's timestamp, or
 * `now` when no event is carried (§8.1).
 *
 * @example
 * ```ts
 * envelopeOf(buffer.take(5_242_880), { kind: 'regular' }, Date.now());
 * ```
 */
export function envelopeOf(
  events: readonly BufferedEvent[],
  flags: BatchFlags,
  now: number,
): string {
  return batchBody(
    events.map((e) => e.json),
    events[0]?.timestamp ?? now,
    flags,
  );
}

/**
 * An emitted event as the buffer stores it: its JSON (taken now, so later changes to the object
 * are not sent) and its timestamp (now when it has none), or undefined when it cannot be
 * serialised.
 */
export function serialise(
  event: CapturedEvent,
  log: RecorderLog,
): [json: string, timestamp: number] | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify(event);
  } catch (error) {
    log.debug('an event could not be serialised and was dropped', error);
    return undefined;
  }
  if (typeof json !== 'string') return undefined;
  return [json, Number.isFinite(event.timestamp) ? event.timestamp : Date.now()];
}
