import { describe, expect, it } from 'vitest';
import {
  BATCH_RETRY_DELAYS_MS,
  RETRY_JITTER,
  retryDelay,
} from '../../src/pipeline/retry-schedule.js';

describe('retryDelay', () => {
  it('waits 5, 15, 30, 60 s and then 60 s forever without jitter', () => {
    const mid = () => 0.5;
    const delays = Array.from({ length: 8 }, (_, i) => retryDelay(i + 1, undefined, mid));
    expect(delays).toEqual([5_000, 15_000, 30_000, 60_000, 60_000, 60_000, 60_000, 60_000]);
    expect(retryDelay(10_000, BATCH_RETRY_DELAYS_MS, mid)).toBe(60_000);
  });

  it('spreads each delay by ±20 % with the random source', () => {
    expect(RETRY_JITTER).toBe(0.2);
    expect(retryDelay(1, undefined, () => 0)).toBe(4_000);
    expect(retryDelay(1, undefined, () => 0.999_999)).toBe(6_000);
    expect(retryDelay(4, undefined, () => 0)).toBe(48_000);
    expect(retryDelay(4, undefined, () => 0.75)).toBe(66_000);
    for (let i = 0; i < 1_000; i++) {
      const d = retryDelay(7);
      expect(d).toBeGreaterThanOrEqual(48_000);
      expect(d).toBeLessThanOrEqual(72_000);
    }
  });

  it('takes another schedule and a jitter of 0', () => {
    expect(retryDelay(1, [1_000, 5_000], () => 0, 0)).toBe(1_000);
    expect(retryDelay(3, [1_000, 5_000], () => 0.9, 0)).toBe(5_000);
    expect(retryDelay(0, [1_000, 5_000], () => 0.5)).toBe(1_000);
  });
});
