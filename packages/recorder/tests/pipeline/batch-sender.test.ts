import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SendOptions, SendOutcome } from '../../src/host.js';
import { BatchSender } from '../../src/pipeline/batch-sender.js';
import { EventBuffer } from '../../src/pipeline/event-buffer.js';
import { EARLY_FLUSH_CHARS, HIDE_FLUSH_MAX_BYTES } from '../../src/pipeline/limits.js';
import { advance, OK_BATCH, SERVER_ERROR } from './fakes.js';

interface Call {
  body: string | Uint8Array;
  options: SendOptions;
  at: number;
  answer(o: SendOutcome): void;
}

function setup(opts: { gzip?: boolean; auto?: SendOutcome | null } = {}) {
  const buffer = new EventBuffer();
  const calls: Call[] = [];
  const auto = opts.auto === undefined ? OK_BATCH : opts.auto;
  const deps = {
    buffer,
    gzip: opts.gzip ?? false,
    log: { debug: vi.fn(), info: vi.fn(), warn: vi.fn() },
    now: () => Date.now(),
    random: vi.fn(() => 0.5),
    onRestart: vi.fn(),
    onNotSampled: vi.fn(),
    onDelivered: vi.fn(),
    onRefused: vi.fn(),
    send: vi.fn(
      (_path: '/batch', body: string | Uint8Array, options: SendOptions) =>
        new Promise<SendOutcome>((resolve) => {
          calls.push({ body, options, at: Date.now(), answer: resolve });
          if (auto) resolve(auto);
        }),
    ),
  };
  const sender = new BatchSender(deps);
  let n = 0;
  const push = (chars = 40): void => {
    n++;
    const bare = `{"type":3,"data":{"n":${n},"p":""},"timestamp":${Date.now()}}`;
    buffer.push(
      bare.replace('"p":""', `"p":"${'x'.repeat(Math.max(0, chars - bare.length))}"`),
      Date.now(),
    );
    sender.noteBuffered();
  };
  const texts = (): string[] =>
    calls.map((c) => (typeof c.body === 'string' ? c.body : gunzipSync(c.body).toString()));
  return { buffer, calls, deps, sender, push, texts };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_767_225_600_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('BatchSender', () => {
  it('sends the buffer on the first 10 s tick after the recorder started', async () => {
    const { calls, sender, push } = setup();
    sender.start();
    push();
    await advance(9_999);
    expect(calls).toHaveLength(0);
    await advance(1);
    expect(calls).toHaveLength(1);
  });

  it('sends nothing on a tick when the buffer is empty', async () => {
    const { calls, sender } = setup();
    sender.start();
    await advance(60_000);
    expect(calls).toHaveLength(0);
  });

  it('skips a tick that comes less than 10 s after the start of the last successful send', async () => {
    const { calls, sender, push, buffer } = setup();
    sender.start();
    await advance(2_000);
    // An early flush succeeds at 2 s, so the tick at 10 s is too soon and the one at 20 s sends.
    push(EARLY_FLUSH_CHARS);
    await advance(0);
    expect(calls).toHaveLength(1);
    expect(buffer.count).toBe(0);
    push();
    await advance(8_000);
    expect(calls).toHaveLength(1);
    await advance(10_000);
    expect(calls).toHaveLength(2);
  });

  it('counts the 10 s from the start of the last successful send, not from its answer', async () => {
    const { calls, sender, push } = setup({ auto: null });
    sender.start();
    push();
    await advance(10_000);
    // A slow answer (1.5 s) must not push the next periodic send to the tick after (20 s).
    await advance(1_500);
    calls[0]!.answer(OK_BATCH);
    push();
    await advance(8_500);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBe(10_000);
  });

  it('drops exactly the sent events on success and sends the rest on the next tick, not at once', async () => {
    const { calls, sender, push, buffer, texts } = setup({ auto: null });
    sender.start();
    push();
    await advance(10_000);
    push();
    push();
    calls[0]!.answer(OK_BATCH);
    await advance(0);
    // Under the §10 threshold: no back-to-back send, the next tick carries them.
    expect(calls).toHaveLength(1);
    expect(buffer.count).toBe(2);
    await advance(10_000);
    expect(calls).toHaveLength(2);
    const [first, second] = texts().map((t) => JSON.parse(t).events.map((e: any) => e.data.n));
    expect(first).toEqual([1]);
    expect(second).toEqual([2, 3]);
    calls[1]!.answer(OK_BATCH);
    await advance(0);
    expect(buffer.count).toBe(0);
  });

  it('sends back to back after a success only while the buffer is still over the threshold', async () => {
    const { calls, sender, push, buffer, texts } = setup({ auto: null });
    sender.start();
    // Three events of 3 MiB each: 9 MiB buffered, so each request carries one (5 MiB cap).
    for (let i = 0; i < 3; i++) push(3 * 1024 * 1024);
    await advance(0);
    expect(calls).toHaveLength(1);
    calls[0]!.answer(OK_BATCH);
    await advance(0);
    // 6 MiB left, over the threshold: at once.
    expect(calls).toHaveLength(2);
    calls[1]!.answer(OK_BATCH);
    await advance(0);
    // 3 MiB left: waits for the tick.
    expect(calls).toHaveLength(2);
    await advance(10_000);
    expect(calls).toHaveLength(3);
    calls[2]!.answer(OK_BATCH);
    await advance(0);
    expect(buffer.count).toBe(0);
    expect(texts().map((t) => JSON.parse(t).events.map((e: any) => e.data.n))).toEqual([
      [1],
      [2],
      [3],
    ]);
  });

  it('carries whole events, oldest first, in a body of at most 5 242 880 chars, and one bigger event alone', async () => {
    const { calls, sender, push, texts } = setup({ auto: null });
    sender.start();
    push(2_000_000);
    push(2_000_000);
    // Exactly 5 242 880 chars of events: with the commas and the envelope the third does not fit.
    push(1_242_880);
    push(100);
    await advance(0);
    expect(JSON.parse(texts()[0]!).events.map((e: any) => e.data.n)).toEqual([1, 2]);
    expect(texts()[0]!.length).toBeLessThanOrEqual(5_242_880);
    calls[0]!.answer(OK_BATCH);
    await advance(10_000);
    expect(JSON.parse(texts()[1]!).events.map((e: any) => e.data.n)).toEqual([3, 4]);
    calls[1]!.answer(OK_BATCH);
    push(6_000_000);
    await advance(0);
    const alone = JSON.parse(texts()[2]!).events;
    expect(alone).toHaveLength(1);
    expect(alone[0].data.n).toBe(5);
  });

  it('halves the request at once on 413 and drops (and reports) one event refused alone', async () => {
    const tooLarge: SendOutcome = { reached: true, status: 413, json: undefined };
    const { calls, sender, push, buffer, texts, deps } = setup({ auto: null });
    sender.start();
    for (let i = 0; i < 4; i++) push();
    const refusedChars = buffer.all()[0]!.json.length;
    await advance(10_000);
    const carried = () =>
      calls.map((_, i) => JSON.parse(texts()[i]!).events.map((e: any) => e.data.n));
    for (let i = 0; i < 3; i++) {
      calls[i]!.answer(tooLarge);
      await advance(0);
    }
    expect(carried()).toEqual([[1, 2, 3, 4], [1, 2], [1], [2]]);
    expect(deps.onRefused).toHaveBeenCalledTimes(1);
    expect(deps.onRefused).toHaveBeenCalledWith(refusedChars);
    expect(buffer.all().map((e) => e.seq)).toEqual([2, 3, 4]);
    calls[3]!.answer(OK_BATCH);
    await advance(10_000);
    // A success lifts the halving again.
    expect(carried()[4]).toEqual([3, 4]);
    expect(sender.backingOff).toBe(false);
  });

  it('keeps only one regular send in flight and sends batches in event order', async () => {
    const { calls, sender, push, texts } = setup({ auto: null });
    sender.start();
    push();
    await advance(10_000);
    push();
    sender.sendSoon();
    push(EARLY_FLUSH_CHARS);
    await advance(30_000);
    expect(calls).toHaveLength(1);
    expect(sender.sending).toBe(true);
    calls[0]!.answer(OK_BATCH);
    await advance(0);
    expect(texts().map((t) => JSON.parse(t).events[0].data.n)).toEqual([1, 2]);
  });

  it('starts an early flush on the next macrotask once the buffer reaches 5 242 880 chars', async () => {
    const { calls, sender, push } = setup();
    sender.start();
    push(EARLY_FLUSH_CHARS - 41);
    await advance(0);
    expect(calls).toHaveLength(0);
    push(41);
    expect(calls).toHaveLength(0);
    await advance(0);
    expect(calls).toHaveLength(1);
  });

  it('retries after 5, 15, 30, 60 s and then every 60 s for as long as it runs', async () => {
    const { calls, sender, push } = setup({ auto: SERVER_ERROR });
    sender.start();
    push();
    await advance(10_000);
    const start = Date.now();
    expect(calls).toHaveLength(1);
    const delays = [5_000, 15_000, 30_000, 60_000, 60_000, 60_000, 60_000];
    for (const [i, delay] of delays.entries()) {
      await advance(delay - 1);
      expect(calls).toHaveLength(i + 1);
      await advance(1);
      expect(calls).toHaveLength(i + 2);
    }
    expect(calls.map((c) => c.at - start)).toEqual([
      0, 5_000, 20_000, 50_000, 110_000, 170_000, 230_000, 290_000,
    ]);
    // An hour later it is still trying, once a minute.
    await advance(3_600_000);
    expect(calls).toHaveLength(8 + 60);
  });

  it('spreads every retry delay by the jitter source (±20 %)', async () => {
    const { calls, sender, push, deps } = setup({ auto: SERVER_ERROR });
    deps.random.mockReturnValue(0);
    sender.start();
    push();
    await advance(10_000);
    // The first retry was drawn with 0: 4 s. The next one is drawn at the top of the spread.
    deps.random.mockReturnValue(0.999_999);
    await advance(4_000);
    expect(calls).toHaveLength(2);
    // Next base delay 15 s, at the top of the spread: 18 s.
    await advance(17_999);
    expect(calls).toHaveLength(2);
    await advance(1);
    expect(calls).toHaveLength(3);
  });

  it('retries at once on retryNow (online, page visible), and only while a retry is pending', async () => {
    const { calls, sender, push } = setup({ auto: SERVER_ERROR });
    sender.start();
    push();
    sender.retryNow();
    await advance(0);
    expect(calls).toHaveLength(0);
    await advance(10_000);
    expect(calls).toHaveLength(1);
    expect(sender.backingOff).toBe(true);
    sender.retryNow();
    await advance(0);
    expect(calls).toHaveLength(2);
    // The failure schedules the next retry from the schedule (15 s), not from the start.
    await advance(14_999);
    expect(calls).toHaveLength(2);
    await advance(1);
    expect(calls).toHaveLength(3);
  });

  it('sends what fits in 60 KiB with keepalive on flushKeepalive and keeps the events until it answers', async () => {
    const { calls, sender, push, buffer, texts } = setup({ auto: null });
    sender.start();
    for (let i = 0; i < 5; i++) push(20_000);
    expect(sender.flushKeepalive(HIDE_FLUSH_MAX_BYTES)).toBe(3);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.options).toEqual({ keepalive: true });
    expect(JSON.parse(texts()[0]!).events.map((e: any) => e.data.n)).toEqual([1, 2, 3]);
    expect(new TextEncoder().encode(texts()[0]).length).toBeLessThanOrEqual(61_440);
    expect(buffer.count).toBe(5);
    // A second flush while the first is in flight would overrun the browser's keepalive budget.
    expect(sender.flushKeepalive(HIDE_FLUSH_MAX_BYTES)).toBe(0);
    expect(sender.keepaliveThrough).toBe(3);
    await advance(10_000);
    expect(calls).toHaveLength(1);
    calls[0]!.answer(OK_BATCH);
    await advance(0);
    expect(buffer.all().map((e) => e.seq)).toEqual([4, 5]);
  });

  it('keeps every event when the keepalive flush fails, and retries on the schedule', async () => {
    const { calls, sender, push, buffer, texts } = setup({ auto: null });
    sender.start();
    push(100);
    push(100);
    sender.flushKeepalive(HIDE_FLUSH_MAX_BYTES);
    calls[0]!.answer({ reached: false, status: 0, json: undefined });
    await advance(0);
    expect(buffer.count).toBe(2);
    expect(sender.backingOff).toBe(true);
    await advance(5_000);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.options.keepalive).toBeUndefined();
    expect(JSON.parse(texts()[1]!).events.map((e: any) => e.data.n)).toEqual([1, 2]);
  });

  it('measures the keepalive budget in UTF-8 bytes: non-ASCII text under 60 KiB of chars may not fit', () => {
    const { calls, sender, buffer } = setup({ auto: null });
    sender.start();
    buffer.push(JSON.stringify({ type: 3, data: { t: 'é'.repeat(40_000) }, timestamp: 1 }), 1);
    expect(sender.flushKeepalive(HIDE_FLUSH_MAX_BYTES)).toBe(0);
    expect(calls).toHaveLength(0);
    buffer.push(JSON.stringify({ type: 3, data: { t: 'e'.repeat(40_000) }, timestamp: 1 }), 1);
    buffer.ackThrough(1);
    expect(sender.flushKeepalive(HIDE_FLUSH_MAX_BYTES)).toBe(2);
  });

  it('does not let the periodic tick or the early flush send while a backoff timer is pending', async () => {
    const { calls, sender, push } = setup({ auto: SERVER_ERROR });
    sender.start();
    push();
    await advance(10_000);
    expect(calls).toHaveLength(1);
    await advance(5_000);
    expect(calls).toHaveLength(2);
    // Now waiting 15 s: ticks at +10 s and a buffer over the flush threshold must not send.
    push(EARLY_FLUSH_CHARS);
    await advance(14_999);
    expect(calls).toHaveLength(2);
    await advance(1);
    expect(calls).toHaveLength(3);
  });

  it('re-sends the old events plus anything buffered since on each retry', async () => {
    const { sender, push, texts } = setup({ auto: SERVER_ERROR });
    sender.start();
    push();
    await advance(10_000);
    push();
    await advance(5_000);
    const [first, second] = texts().map((t) => JSON.parse(t).events.map((e: any) => e.data.n));
    expect(first).toEqual([1]);
    expect(second).toEqual([1, 2]);
  });

  it('resets the retry count after a success', async () => {
    let fail = true;
    const { calls, sender, push, deps } = setup({ auto: null });
    deps.send.mockImplementation(
      (_p: '/batch', body: string | Uint8Array, options: SendOptions) =>
        new Promise<SendOutcome>((resolve) => {
          calls.push({ body, options, at: Date.now(), answer: resolve });
          resolve(fail ? SERVER_ERROR : OK_BATCH);
        }),
    );
    sender.start();
    push();
    await advance(10_000 + 5_000 + 15_000);
    expect(calls).toHaveLength(3);
    fail = false;
    await advance(30_000);
    expect(calls).toHaveLength(4);
    fail = true;
    push();
    await advance(10_000);
    const failedAt = Date.now();
    expect(calls).toHaveLength(5);
    // Back to the first delay: 5 s, not 60 s.
    await advance(5_000);
    expect(calls).toHaveLength(6);
    expect(calls[5]!.at - failedAt).toBe(5_000);
  });

  it('hands restart and not-identified answers to the recorder without retrying', async () => {
    const restart = setup({
      auto: { reached: true, status: 200, json: { success: false, shouldRestartSession: true } },
    });
    restart.sender.start();
    restart.push();
    await advance(10_000);
    expect(restart.deps.onRestart).toHaveBeenCalledTimes(1);
    expect(restart.sender.backingOff).toBe(false);

    const notSampled = setup({
      auto: {
        reached: true,
        status: 200,
        json: { success: false, errorCode: 'SESSION_NOT_IDENTIFIED', sessionId: 'sess_2' },
      },
    });
    notSampled.sender.start();
    notSampled.push();
    await advance(10_000);
    expect(notSampled.deps.onNotSampled).toHaveBeenCalledWith('sess_2');
    expect(notSampled.sender.backingOff).toBe(false);
  });

  it('ignores the answer of a send aborted for the hide-flush and does not retry it', async () => {
    const { calls, sender, push, buffer } = setup({ auto: null });
    sender.start();
    push();
    await advance(10_000);
    const signal = calls[0]!.options.signal!;
    sender.abortInFlight();
    expect(signal.aborted).toBe(true);
    expect(sender.sending).toBe(false);
    calls[0]!.answer(OK_BATCH);
    await advance(0);
    expect(buffer.count).toBe(1);
    expect(sender.backingOff).toBe(false);
  });

  it('gzips regular bodies when enabled and marks them for Content-Encoding', async () => {
    const { calls, sender, push, texts } = setup({ gzip: true });
    sender.start();
    push();
    await advance(10_000);
    // Compression runs on Node's thread pool, outside the fake clock.
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toBeInstanceOf(Uint8Array);
    expect(calls[0]!.options.gzip).toBe(true);
    expect(JSON.parse(texts()[0]!).events).toHaveLength(1);
  });

  it('falls back to the plain text when compression throws', async () => {
    vi.stubGlobal(
      'CompressionStream',
      class {
        constructor() {
          throw new Error('nope');
        }
      },
    );
    try {
      const { calls, sender, push } = setup({ gzip: true });
      sender.start();
      push();
      await advance(10_000);
      await vi.waitFor(() => expect(calls).toHaveLength(1));
      expect(typeof calls[0]!.body).toBe('string');
      expect(calls[0]!.options.gzip).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('sends nothing more and ignores a pending answer after stop', async () => {
    const { calls, sender, push, buffer } = setup({ auto: null });
    sender.start();
    push();
    await advance(10_000);
    sender.stop();
    calls[0]!.answer(SERVER_ERROR);
    push();
    await advance(600_000);
    expect(calls).toHaveLength(1);
    expect(buffer.count).toBe(2);
  });
});
