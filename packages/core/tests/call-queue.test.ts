import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallQueue, MAX_QUEUED_CALLS, QUEUED_CALL_TTL_MS } from '../src/call-queue';
import type { QueuedCall } from '../src/call-queue';
import { fakeLogger } from './helpers/fake-logger';

function call(name: string, events: string[]): QueuedCall {
  return { name, run: () => events.push(`run:${name}`), drop: () => events.push(`drop:${name}`) };
}

describe('CallQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('replays held calls in call order when drained', () => {
    const events: string[] = [];
    const queue = new CallQueue({ log: fakeLogger() });
    queue.enqueue(call('a', events));
    queue.enqueue(call('b', events));
    queue.enqueue(call('c', events));
    queue.drain();
    expect(events).toEqual(['run:a', 'run:b', 'run:c']);
  });

  it('runs every held call exactly once across several drains', () => {
    const events: string[] = [];
    const queue = new CallQueue({ log: fakeLogger() });
    queue.enqueue(call('a', events));
    queue.drain();
    queue.drain();
    expect(events).toEqual(['run:a']);
    expect(queue.size).toBe(0);
  });

  it('keeps a call queued during a drain for the next drain', () => {
    const events: string[] = [];
    const queue = new CallQueue({ log: fakeLogger() });
    queue.enqueue({
      name: 'outer',
      run: () => queue.enqueue(call('inner', events)),
      drop: () => undefined,
    });
    queue.drain();
    expect(events).toEqual([]);
    queue.drain();
    expect(events).toEqual(['run:inner']);
  });

  it('settles the oldest call with a warning when the bound is exceeded', () => {
    const events: string[] = [];
    const log = fakeLogger();
    const queue = new CallQueue({ log, max: 3 });
    for (const name of ['a', 'b', 'c', 'd']) queue.enqueue(call(name, events));
    expect(events).toEqual(['drop:a']);
    expect(queue.size).toBe(3);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(String(log.warn.mock.calls[0]?.[0])).toContain('a: dropped');
  });

  it('is bounded at 1000 calls by default', () => {
    const events: string[] = [];
    const queue = new CallQueue({ log: fakeLogger() });
    for (let i = 0; i <= MAX_QUEUED_CALLS; i++) queue.enqueue(call(`c${i}`, events));
    expect(MAX_QUEUED_CALLS).toBe(1000);
    expect(queue.size).toBe(1000);
    expect(events).toEqual(['drop:c0']);
  });

  it('settles every held call without running it on dropAll', () => {
    const events: string[] = [];
    const queue = new CallQueue({ log: fakeLogger() });
    queue.enqueue(call('a', events));
    queue.enqueue(call('b', events));
    queue.dropAll();
    queue.drain();
    expect(events).toEqual(['drop:a', 'drop:b']);
  });

  it('settles calls that waited longer than the time-to-live, with one info line', () => {
    const events: string[] = [];
    const log = fakeLogger();
    const queue = new CallQueue({ log });
    queue.enqueue(call('a', events));
    vi.advanceTimersByTime(QUEUED_CALL_TTL_MS / 2);
    queue.enqueue(call('b', events));
    vi.advanceTimersByTime(QUEUED_CALL_TTL_MS / 2);
    expect(events).toEqual(['drop:a']);
    expect(log.info).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(QUEUED_CALL_TTL_MS / 2);
    expect(events).toEqual(['drop:a', 'drop:b']);
  });

  it('has no pending timer once the queue is drained', () => {
    const queue = new CallQueue({ log: fakeLogger() });
    queue.enqueue(call('a', []));
    expect(vi.getTimerCount()).toBe(1);
    queue.drain();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('settles a call whose run throws instead of losing it', () => {
    const events: string[] = [];
    const queue = new CallQueue({ log: fakeLogger() });
    queue.enqueue({
      name: 'bad',
      run: () => {
        throw new Error('boom');
      },
      drop: () => events.push('drop:bad'),
    });
    queue.enqueue(call('good', events));
    queue.drain();
    expect(events).toEqual(['drop:bad', 'run:good']);
  });
});
