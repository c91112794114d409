import type { RecorderLog, SendOptions, SendOutcome } from '../host.js';
import { batchVerdict } from './batch-response.js';
import type { EventBuffer } from './event-buffer.js';
import { gzipText } from './gzip.js';
import { EARLY_FLUSH_CHARS, RETRY_DELAYS_MS, SEND_INTERVAL_MS } from './limits.js';

/** What the sender needs from the recorder around it. */
export interface BatchSenderDeps {
  buffer: EventBuffer;
  send(path: '/batch', body: string | Uint8Array, options: SendOptions): Promise<SendOutcome>;
  /** Whether regular bodies are gzipped (decided once, §12). */
  gzip: boolean;
  log: RecorderLog;
  now(): number;
  /** The answer asked for a restart (§8.3). */
  onRestart(): void;
  /** The answer said `SESSION_NOT_IDENTIFIED` (§8.3). */
  onNotSampled(sessionId: string): void;
  /** The 5th retry failed too (§11). */
  onGiveUp(): void;
}

const NOT_REACHED: SendOutcome = { reached: false, status: 0, json: undefined };

/**
 * Regular `/batch` sends (§8.2, §10, §11): a 10 s periodic tick, the early flush over 5 242 880
 * buffered chars, at most one send in flight, events dropped from the buffer only on success,
 * and retries after 5, 15, 30, 60 and 300 s.
 *
 * DEVIATION (§10 and §11 options, recommended): neither the tick nor the early flush sends while
 * a backoff timer is pending, so the documented retry cadence holds during a long outage.
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
  private current: { controller: AbortController } | null = null;
  private retries = 0;
  private lastSuccessAt = 0;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private backoffTimer: ReturnType<typeof setTimeout> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly deps: BatchSenderDeps) {}

  /** True while a regular send is in flight (its events are still in the buffer). */
  get sending(): boolean {
    return this.current !== null;
  }

  /** True while waiting for a retry. */
  get backingOff(): boolean {
    return this.backoffTimer !== null;
  }

  start(): void {
    if (this.tickTimer !== null || this.stopped) return;
    this.lastSuccessAt = this.deps.now();
    this.tickTimer = setInterval(() => this.onTick(), SEND_INTERVAL_MS);
  }

  /** Call after every push: over the early-flush threshold, send on the next macrotask. */
  noteBuffered(): void {
    if (this.stopped || this.flushTimer !== null) return;
    if (
      this.deps.buffer.chars < EARLY_FLUSH_CHARS ||
      this.current !== null ||
      this.backoffTimer !== null
    )
      return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (this.current === null && this.backoffTimer === null) void this.sendNow();
    }, 0);
  }

  /**
   * Abort the in-flight regular send (the hide-flush is about to deliver its events). Its answer
   * is ignored and it is not retried.
   */
  abortInFlight(): void {
    const attempt = this.current;
    if (attempt === null) return;
    this.current = null;
    attempt.controller.abort();
  }

  /** No more sends; an answer still on its way is ignored. */
  stop(): void {
    this.stopped = true;
    this.current = null;
    if (this.tickTimer !== null) clearInterval(this.tickTimer);
    if (this.backoffTimer !== null) clearTimeout(this.backoffTimer);
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    this.tickTimer = this.backoffTimer = this.flushTimer = null;
  }

  private onTick(): void {
    if (this.current !== null || this.backoffTimer !== null) return;
    if (this.deps.now() - this.lastSuccessAt < SEND_INTERVAL_MS) return;
    void this.sendNow();
  }

  private async sendNow(): Promise<void> {
    const { buffer, log } = this.deps;
    if (this.stopped || this.current !== null || buffer.count === 0) return;
    const attempt = { controller: new AbortController() };
    this.current = attempt;
    // Everything buffered now is this send's snapshot; later events wait for the next send.
    const count = buffer.count;
    const text = buffer.body({ kind: 'regular' }, this.deps.now(), count);

    let body: string | Uint8Array = text;
    const options: SendOptions = { signal: attempt.controller.signal };
    if (this.deps.gzip) {
      try {
        body = await gzipText(text);
        options.gzip = true;
      } catch (error) {
        log.debug('gzip failed; sending this batch uncompressed', error);
      }
      if (this.current !== attempt) return;
    }

    let outcome: SendOutcome;
    try {
      outcome = await this.deps.send('/batch', body, options);
    } catch {
      outcome = NOT_REACHED;
    }
    // Aborted by the hide-flush, or the recorder stopped: nobody wants this answer any more.
    if (this.current !== attempt) return;
    this.current = null;
    this.onAnswer(outcome, count);
  }

  private onAnswer(outcome: SendOutcome, count: number): void {
    const verdict = batchVerdict(outcome);
    switch (verdict.kind) {
      case 'success':
        this.deps.buffer.dropFront(count);
        this.retries = 0;
        this.lastSuccessAt = this.deps.now();
        if (this.deps.buffer.count > 0) void this.sendNow();
        return;
      case 'restart':
        this.stop();
        this.deps.onRestart();
        return;
      case 'not-sampled':
        this.stop();
        this.deps.onNotSampled(verdict.sessionId);
        return;
      case 'retry':
        this.scheduleRetry(verdict.why);
    }
  }

  private scheduleRetry(why: string): void {
    const delay = RETRY_DELAYS_MS[this.retries];
    if (delay === undefined) {
      this.stop();
      this.deps.onGiveUp();
      return;
    }
    this.retries++;
    this.deps.log.debug(`batch send failed (${why}); retry ${this.retries} in ${delay} ms`);
    this.backoffTimer = setTimeout(() => {
      this.backoffTimer = null;
      void this.sendNow();
    }, delay);
  }
}
