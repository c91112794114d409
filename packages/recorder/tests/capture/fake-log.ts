import { vi, type Mock } from 'vitest';
import type { RecorderLog } from '../../src/host.js';

/** A RecorderLog whose three levels are spies. */
export type FakeLog = { [K in keyof RecorderLog]: Mock<RecorderLog[K]> };

export function fakeLog(): FakeLog {
  return {
    debug: vi.fn<RecorderLog['debug']>(),
    info: vi.fn<RecorderLog['info']>(),
    warn: vi.fn<RecorderLog['warn']>(),
  };
}

/** A sanitiser like §18 with no deny list: drops the hash, keeps the query. */
export function dropHash(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}
