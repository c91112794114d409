import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SendOptions, SendOutcome } from '../../src/host.js';
import { BatchSender } from '../../src/pipeline/batch-sender.js';
import { EventBuffer } from '../../src/pipeline/event-buffer.js';
import { EARLY_FLUSH_CHARS } from '../../src/pipeline/limits.js';
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
    onRestart: vi.fn(),
    onNotSampled: vi.fn(),
    onGiveUp: vi.fn(),
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

  it('skips a tick that comes less than 10 s after the last successful send', async () => {
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

  it('keeps only one regular send in flight', async () => {
    const { calls, sender, push } = setup({ auto: null });
    sender.start();
    push();
    await advance(10_000);
    push(EARLY_FLUSH_CHARS);
    await advance(30_000);
    expect(calls).toHaveLength(1);
    expect(sender.sending).toBe(true);
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

  it('drops exactly the sent events on success and sends what came in meanwhile at once', async () => {
    const { calls, sender, push, buffer, texts } = setup({ auto: null });
    sender.start();
    push();
    await advance(10_000);
    push();
    push();
    calls[0]!.answer(OK_BATCH);
    await advance(0);
    expect(calls).toHaveLength(2);
    const [first, second] = texts().map((t) => JSON.parse(t).events.map((e: any) => e.data.n));
    expect(first).toEqual([1]);
    expect(second).toEqual([2, 3]);
    calls[1]!.answer(OK_BATCH);
    await advance(0);
    expect(buffer.count).toBe(0);
  });

  it('retries after 5, 15, 30, 60 and 300 s and gives up when the 5th retry fails', async () => {
    const { calls, sender, push, deps } = setup({ auto: SERVER_ERROR });
    sender.start();
    push();
    await advance(10_000);
    const start = Date.now();
    expect(calls).toHaveLength(1);
    for (const [i, delay] of [5_000, 15_000, 30_000, 60_000, 300_000].entries()) {
      await advance(delay - 1);
      expect(calls).toHaveLength(i + 1);
      await advance(1);
      expect(calls).toHaveLength(i + 2);
    }
    expect(calls.map((c) => c.at - start)).toEqual([0, 5_000, 20_000, 50_000, 110_000, 410_000]);
    expect(deps.onGiveUp).toHaveBeenCalledTimes(1);
    await advance(600_000);
    expect(calls).toHaveLength(6);
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
