import { batchBody, type BatchFlags } from './envelope.js';

/** One buffered event: its JSON text and its timestamp (for `batchStartedAt`). */
interface BufferedEvent {
  readonly json: string;
  readonly timestamp: number;
}

/**
 * The recording buffer of §10. Events are stored already serialised, so the size the thresholds
 * look at is known without re-serialising, and building a body is a string join.
 *
 * @example
 * ```ts
 * const buffer = new EventBuffer();
 * buffer.push('{"type":3,"data":{},"timestamp":1}', 1);
 * buffer.body({ kind: 'regular' }, Date.now());
 * ```
 */
export class EventBuffer {
  private events: BufferedEvent[] = [];
  private totalChars = 0;

  /** Number of buffered events. */
  get count(): number {
    return this.events.length;
  }

  /** Sum of the serialised events' lengths in UTF-16 chars (§10 measures chars). */
  get chars(): number {
    return this.totalChars;
  }

  push(json: string, timestamp: number): void {
    this.events.push({ json, timestamp });
    this.totalChars += json.length;
  }

  /**
   * The envelope holding the first `count` events (all by default). `batchStartedAt` is the first
   * event's timestamp, or `now` when no event is carried (§8.1).
   */
  body(flags: BatchFlags, now: number, count: number = this.events.length): string {
    const carried = this.events.slice(0, count);
    const startedAt = carried[0]?.timestamp ?? now;
    return batchBody(
      carried.map((e) => e.json),
      startedAt,
      flags,
    );
  }

  /** Remove the `count` oldest events: the ones a successful send delivered (§8.3). */
  dropFront(count: number): void {
    const removed = this.events.splice(0, count);
    for (const e of removed) this.totalChars -= e.json.length;
  }

  clear(): void {
    this.events = [];
    this.totalChars = 0;
  }
}
