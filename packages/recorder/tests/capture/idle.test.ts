import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDLE_START_TIMEOUT_MS, whenIdle } from '../../src/capture/idle.js';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('whenIdle', () => {
  it('schedules the task with requestIdleCallback and the 10 s timeout when available', () => {
    const requestIdleCallback = vi.fn((cb: () => void) => {
      cb();
      return 3;
    });
    vi.stubGlobal('requestIdleCallback', requestIdleCallback);
    const task = vi.fn();
    whenIdle(task);
    expect(requestIdleCallback).toHaveBeenCalledWith(expect.any(Function), {
      timeout: IDLE_START_TIMEOUT_MS,
    });
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs the task on the next macrotask without requestIdleCallback', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestIdleCallback', undefined);
    const task = vi.fn();
    whenIdle(task);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('never runs a cancelled task', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestIdleCallback', undefined);
    const task = vi.fn();
    whenIdle(task)();
    vi.advanceTimersByTime(10);
    expect(task).not.toHaveBeenCalled();
  });
});
