import { vi, type Mock } from 'vitest';
import type { ResolvedCapture } from '../../src/context/options.js';
import type { ContextDeps } from '../../src/context/kit.js';
import { fakeLog, type FakeLog } from '../capture/fake-log.js';

/** One plugin event as the context capture emitted it. */
export interface Emitted {
  plugin: string;
  payload: Record<string, any>;
}

/** Deps over a stand-in window `win`, collecting the emitted events. */
export function contextDeps(
  win: Partial<Window & typeof globalThis>,
  extra: Partial<ContextDeps> = {},
): ContextDeps & { emitted: Emitted[]; log: FakeLog } {
  const emitted: Emitted[] = [];
  return {
    emitted,
    emit: (plugin, payload) => emitted.push({ plugin, payload }),
    // §18-like: drop the hash, redact `token` values (enough to see that it is applied).
    sanitizeUrl: (url) => {
      const u = new URL(url);
      u.hash = '';
      if (u.searchParams.has('token')) u.searchParams.set('token', '--redacted--');
      return u.href;
    },
    isOwnSend: () => false,
    log: fakeLog(),
    win: win as Window & typeof globalThis,
    ...extra,
  } as ContextDeps & { emitted: Emitted[]; log: FakeLog };
}

export const network = (
  over: Partial<NonNullable<ResolvedCapture['network']>> = {},
): NonNullable<ResolvedCapture['network']> => ({
  headers: [],
  bodies: false,
  ignoreUrls: [],
  ...over,
});

/** Resolves after pending I/O callbacks (a loadend, a clone's read) had their turn. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

/** A console whose methods are spies, so nothing prints and calls can be counted. */
export const fakeConsole = (): Record<'log' | 'warn' | 'error' | 'info', Mock> => ({
  log: vi.fn(),
  warn: vi.fn(),
  error: vi.fn(),
  info: vi.fn(),
});
