import { vi, type Mock } from 'vitest';
import type { Logger } from '../../src/log';

/** A Logger whose methods are spies, for units that take a logger. */
export interface FakeLogger extends Logger {
  debug: Mock<Logger['debug']>;
  info: Mock<Logger['info']>;
  warn: Mock<Logger['warn']>;
  trace: Mock<Logger['trace']>;
}

export function fakeLogger(): FakeLogger {
  return {
    debug: vi.fn<Logger['debug']>(),
    info: vi.fn<Logger['info']>(),
    warn: vi.fn<Logger['warn']>(),
    trace: vi.fn<Logger['trace']>(),
  };
}
