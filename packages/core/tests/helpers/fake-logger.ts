import { vi } from 'vitest';
import type { Logger } from '../../src/log';

/** A Logger whose methods are spies, for units that take a logger. */
export function fakeLogger() {
  return {
    debug: vi.fn(),
    info: vi.fn(),
    warn: vi.fn(),
    trace: vi.fn(),
    debugEnabled: false,
  } satisfies Logger;
}
