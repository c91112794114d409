import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_QUEUED_CALLS, QUEUED_CALL_TTL_MS, createCallQueue } from '../../src/call-queue';
import { fakeLogger } from '../helpers/fake-logger';

afterEach(() => void vi.useRealTimers());

/** A queue whose readiness the test sets, and the record of what ran (true) or settled (false). */
function setup() {
  const log = fakeLogger();
  let ready = false;
  let paused = false;
  const queue = createCallQueue(
    log,
    () => ready,
    () => paused,
  );
  const done: string[] = [];
  const call = (name: string) => queue._schedule(name, (run) => void done.push(`${name}:${run}`));
  return {
    log,
    queue,
    done,
    call,
    setReady: (value: boolean) => void (ready = value),
    setPaused: (value: boolean) => void (paused = value),
  };
}

describe('call queue (createCallQueue)', () => {
  it('holds calls until taken, then runs each once in call order', () => {
    const { queue, done, call } = setup();
    call('a');
    call('b');
    expect(done).toEqual([]);
    queue._take(true);
    expect(done).toEqual(['a:true', 'b:true']);
    queue._take(true);
    expect(done).toEqual(['a:true', 'b:true']);
  });

  it('runs a call at once when ready and nothing waits', () => {
    const { done, call, setReady } = setup();
    setReady(true);
    call('now');
    expect(done).toEqual(['now:true']);
  });

  it('queues a call made while older calls wait, even when ready, so it runs after them', () => {
    const { queue, done, call, setReady } = setup();
    call('old');
    setReady(true);
    call('new');
    expect(done).toEqual([]);
    queue._take(true);
    expect(done).toEqual(['old:true', 'new:true']);
  });

  it('settles every held call unrun on _take(false)', () => {
    const { queue, done, call } = setup();
    call('a');
    call('b');
    queue._take(false);
    expect(done).toEqual(['a:false', 'b:false']);
  });

  it('settles the oldest call with one warning beyond the bound', () => {
    const { log, done, call } = setup();
    for (let i = 0; i <= MAX_QUEUED_CALLS; i++) call(i === 0 ? 'first' : 'later');
    expect(done).toEqual(['first:false']);
    expect(log.warn.mock.calls.map((c) => c[0])).toEqual([
      'first: dropped, over 1000 calls wait for init()',
    ]);
  });

  it('expires calls after 5 minutes with one info line, and arms no timer while empty', () => {
    vi.useFakeTimers();
    const { log, queue, done, call } = setup();
    expect(vi.getTimerCount()).toBe(0);
    call('a');
    vi.advanceTimersByTime(1_000);
    call('b');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(QUEUED_CALL_TTL_MS - 1_000);
    expect(done).toEqual(['a:false']);
    vi.advanceTimersByTime(1_000);
    expect(done).toEqual(['a:false', 'b:false']);
    expect(log.info).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
    call('c');
    queue._take(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets nothing expire while paused (awaiting consent), and renews deadlines at a start', () => {
    vi.useFakeTimers();
    const { queue, done, call, setPaused } = setup();
    setPaused(true);
    call('a');
    vi.advanceTimersByTime(QUEUED_CALL_TTL_MS * 3);
    expect(done).toEqual([]);
    setPaused(false);
    queue._renew();
    vi.advanceTimersByTime(QUEUED_CALL_TTL_MS - 1);
    expect(done).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(done).toEqual(['a:false']);
  });
});
