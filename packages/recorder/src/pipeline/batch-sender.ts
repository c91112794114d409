import type { RecorderLog, SendOptions, SendOutcome } from '../host.js';
import { batchVerdict, type BatchVerdict } from './batch-response.js';
import { envelopeOf, type BufferedEvent, type EventBuffer } from './event-buffer.js';
import { gzipText } from './gzip.js';
import { BATCH_MAX_CHARS, EARLY_FLUSH_CHARS, SEND_INTERVAL_MS } from './limits.js';
import { retryDelay } from './retry-schedule.js';
import { utf8Length } from './utf8-length.js';

/** What the sender needs from the recorder around it. */
export interface BatchSenderDeps {
  buffer: EventBuffer;
  send(path: '/batch', body: string | Uint8Array, options: SendOptions): Promise<SendOutcome>;
  /** Whether regular bodies are gzipped (decided once, §12). */
  gzip: boolean;
  log: RecorderLog;
  now(): number;
  /** Jitter source in [0, 1); `Math.random` in production. */
  random(): number;
  /** The answer asked for a restart (§8.3). */
  onRestart(): void;
  /** The answer said `SESSION_NOT_IDENTIFIED` (§8.3). */
  onNotSampled(sessionId: string): void;
  /** A send was acknowledged (sending works). */
  onDelivered(): void;
  /** The server refused one event sent alone with 413; it was dropped (§23). */
  onRefused(chars: number): void;
}

/** One request in flight: a regular send, or the keepalive hide-flush. */
interface Attempt {
  readonly keepalive: boolean;
  readonly controller: AbortController | null;
  readonly events: readonly BufferedEvent[];
  readonly startedAt: number;
}

const NOT_REACHED: SendOutcome = { reached: false, status: 0, json: undefined };

/**
 * Regular `/batch` sends under the delivery rules of §23 (and §8, §10, §11 where they still hold):
 * events leave the buffer only when a send carrying them is acknowledged; a send carries whole
 * events, oldest first, up to 5 242 880 chars (one bigger event alone); a 413 halves the next
 * request at once; one request in flight, so batches leave in event order; retries after 5, 15,
 * 30, 60 s and then every 60 s forever (±20 % jitter), never giving up.
 *
 * Timing: a 10 s tick sends when 10 s passed since the START of the last successful send (so a
 * slow answer does not push the next send to the tick after). After a success the next request
 * goes at once only while the buffer is still at or over 5 242 880 chars. Neither the tick nor the
 * early flush sends while a retry is pending (§10/§11 deviation option); `retryNow` (on `online`
 * or when the page becomes visible) cuts the wait short.
 *
 * @example
 * ```ts
 * const sender = new BatchSender(deps);
 * sender.start();
 * buffer.push(json, timestamp);
 * sender.noteBuffered();
 * ```
 */
export class BatchSender {
  private current: Attempt | null = null;
  private failures = 0;
  /** Events per request after a 413 halved it; reset by a success. */
  private maxCount = Infinity;
  private lastSuccessAt = 0;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private backoffTimer: ReturnType<typeof setTimeout> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly deps: BatchSenderDeps) {}

  /** True while a regular send is in flight (its events are still in the buffer). */
  get sending(): boolean {
    return this.current !== null && !this.current.keepalive;
  }

  /** True while waiting for a retry. */
  get backingOff(): boolean {
    return this.backoffTimer !== null;
  }

  /** Sequence number of the newest event a keepalive request in flight carries (0 when none). */
  get keepaliveThrough(): number {
    return this.current?.keepalive ? (this.current.events.at(-1)?.seq ?? 0) : 0;
  }

  start(): void {
    if (this.tickTimer !== null || this.stopped) return;
    this.lastSuccessAt = this.deps.now();
    this.tickTimer = setInterval(() => this.onTick(), SEND_INTERVAL_MS);
  }

  /** Call after every push: at or over the early-flush threshold, send on the next macrotask. */
  noteBuffered(): void {
    if (this.stopped || this.flushTimer !== null || !this.idle()) return;
    if (this.deps.buffer.chars < EARLY_FLUSH_CHARS) return;
    this.sendSoon();
  }

  /** Send at once if idle (e.g. events restored from the previous page wait to go first). */
  sendSoon(): void {
    if (this.stopped || this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (this.idle()) void this.sendNow();
    }, 0);
  }

  /** The network is back or the page became visible: a pending retry happens now (§23). */
  retryNow(): void {
    if (this.stopped || this.backoffTimer === null) return;
    clearTimeout(this.backoffTimer);
    this.backoffTimer = null;
    if (this.current === null) void this.sendNow();
  }

  /**
   * The hide-flush (§13.1 as changed by §23): send the oldest events that fit in `maxBytes` of
   * UTF-8 with keepalive, after aborting a regular send in flight (the flush carries its events
   * first). The events stay buffered until the flush is acknowledged. Nothing is sent while an
   * earlier keepalive flush is still in flight (the browser's keepalive budget is shared).
   * Returns the sequence number of the last event it carries, 0 when it sent nothing.
   */
  flushKeepalive(maxBytes: number): number {
    if (this.stopped || this.current?.keepalive) return 0;
    const { buffer } = this.deps;
    // Envelope overhead, then each event plus its comma (an upper bound: ASCII keys, a 13-digit
    // or shorter timestamp).
    let bytes = '{"version":1,"batchStartedAt":0000000000000,"events":[]}'.length;
    const carried: BufferedEvent[] = [];
    for (const event of buffer.all()) {
      // Chars never exceed UTF-8 bytes: a cheap test before counting bytes.
      if (bytes + event.json.length + 1 > maxBytes) break;
      const size = utf8Length(event.json) + 1;
      if (bytes + size > maxBytes) break;
      bytes += size;
      carried.push(event);
    }
    if (carried.length === 0) return 0;
    this.abortInFlight();
    const attempt: Attempt = {
      keepalive: true,
      controller: null,
      events: carried,
      startedAt: this.deps.now(),
    };
    this.current = attempt;
    void this.deliver(attempt, envelopeOf(carried, { kind: 'regular' }, attempt.startedAt), {
      keepalive: true,
    });
    return carried.at(-1)!.seq;
  }

  /** Abort the in-flight regular send; its answer is ignored and its events stay buffered. */
  abortInFlight(): void {
    const attempt = this.current;
    if (attempt === null || attempt.keepalive) return;
    this.current = null;
    attempt.controller?.abort();
  }

  /**
   * No more sends; an answer still on its way is ignored. A regular send in flight is not
   * aborted: on `stopRecording()` it still delivers its events (§14 sends them only once).
   */
  stop(): void {
    this.stopped = true;
    this.current = null;
    if (this.tickTimer !== null) clearInterval(this.tickTimer);
    if (this.backoffTimer !== null) clearTimeout(this.backoffTimer);
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.tickTimer = this.backoffTimer = this.flushTimer = null;
  }

  private idle(): boolean {
    return this.current === null && this.backoffTimer === null;
  }

  private onTick(): void {
    if (!this.idle()) return;
    if (this.deps.now() - this.lastSuccessAt < SEND_INTERVAL_MS) return;
    void this.sendNow();
  }

  private async sendNow(): Promise<void> {
    const { buffer, log } = this.deps;
    if (this.stopped || this.current !== null || buffer.count === 0) return;
    const events = buffer.take(BATCH_MAX_CHARS, this.maxCount);
    const attempt: Attempt = {
      keepalive: false,
      controller: new AbortController(),
      events,
      startedAt: this.deps.now(),
    };
    this.current = attempt;
    const text = envelopeOf(events, { kind: 'regular' }, attempt.startedAt);
    let body: string | Uint8Array = text;
    const options: SendOptions = { signal: attempt.controller!.signal };
    if (this.deps.gzip) {
      try {
        body = await gzipText(text);
        options.gzip = true;
      } catch (error) {
        log.debug('gzip failed; sending this batch uncompressed', error);
      }
      if (this.current !== attempt) return;
    }
    await this.deliver(attempt, body, options);
  }

  private async deliver(
    attempt: Attempt,
    body: string | Uint8Array,
    options: SendOptions,
  ): Promise<void> {
    let outcome: SendOutcome;
    try {
      outcome = await this.deps.send('/batch', body, options);
    } catch {
      outcome = NOT_REACHED;
    }
    // Aborted by the hide-flush, or the recorder stopped: nobody wants this answer any more.
    if (this.current !== attempt) return;
    this.current = null;
    this.onAnswer(attempt, batchVerdict(outcome));
  }

  private onAnswer(attempt: Attempt, verdict: BatchVerdict): void {
    const { buffer, log } = this.deps;
    const last = attempt.events.at(-1)!;
    switch (verdict.kind) {
      case 'success':
        buffer.ackThrough(last.seq);
        this.failures = 0;
        this.maxCount = Infinity;
        this.lastSuccessAt = attempt.startedAt;
        if (this.backoffTimer !== null) clearTimeout(this.backoffTimer);
        this.backoffTimer = null;
        this.deps.onDelivered();
        if (this.stopped) return;
        // Back-to-back only while a backlog over the threshold remains (§23); else the tick sends.
        if (buffer.chars >= EARLY_FLUSH_CHARS) void this.sendNow();
        return;
      case 'restart':
        this.stop();
        this.deps.onRestart();
        return;
      case 'not-sampled':
        this.stop();
        this.deps.onNotSampled(verdict.sessionId);
        return;
      case 'too-large':
        if (attempt.keepalive) return this.scheduleRetry('HTTP 413 on the hide-flush');
        if (attempt.events.length === 1) {
          log.warn(
            `one recorded event of ${last.json.length} chars was refused by the server as too large and was dropped`,
          );
          buffer.ackThrough(last.seq);
          this.deps.onRefused(last.json.length);
        } else {
          this.maxCount = Math.max(1, Math.floor(attempt.events.length / 2));
          log.debug(`batch refused as too large; retrying at once with ${this.maxCount} events`);
        }
        if (this.idle()) void this.sendNow();
        return;
      case 'retry':
        this.scheduleRetry(verdict.why);
    }
  }

  private scheduleRetry(why: string): void {
    // A keepalive flush that failed while a retry was already waiting changes nothing.
    if (this.stopped || this.backoffTimer !== null) return;
    this.failures++;
    const delay = retryDelay(this.failures, undefined, () => this.deps.random());
    this.deps.log.debug(`batch send failed (${why}); retry ${this.failures} in ${delay} ms`);
    this.backoffTimer = setTimeout(() => {
      this.backoffTimer = null;
      void this.sendNow();
    }, delay);
  }
}
