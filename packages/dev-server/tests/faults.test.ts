import { describe, expect, it } from 'vitest';
import { Faults } from '../src/faults.js';

describe('Faults', () => {
  it('drops or fails by comparing random draws with the rates', () => {
    const draws = [0.1, 0.9, 0.3, 0.9, 0.9];
    const faults = new Faults(
      { failRate: 0.5, latencyMs: 0, dropRate: 0.2 },
      () => draws.shift() as number,
    );
    expect(faults.decide()).toBe('drop');
    expect(faults.decide()).toBe('fail');
    expect(faults.decide()).toBe('none');
  });

  it('hands out a pending restart once, for its endpoint only', () => {
    const faults = new Faults({ failRate: 0, latencyMs: 0, dropRate: 0 });
    faults.restartNext('batch');
    expect(faults.takeRestart('update')).toBe(false);
    expect(faults.takeRestart('batch')).toBe(true);
    expect(faults.takeRestart('batch')).toBe(false);
  });
});
