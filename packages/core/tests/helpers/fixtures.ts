import { vi } from 'vitest';
import type { TestServer } from '@milana-js/test-server';

/** A product id that passes §19 (prefix + 26 chars). */
export const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';
export const CLIENT_KEY = 'key_pub_5c1a77';
export const SESSION_INFO = { environment: 'test', version: '1.0' };

/** Lets pending promise callbacks and microtasks run (no timers involved). */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** Bodies of every request to `path`, parsed. */
export function bodies(server: TestServer, path: string): unknown[] {
  return server.requestsTo(path).map((r) => r.json);
}

/** Silences and records the console, so tests can assert on `Milana: ` lines. */
export function spyConsole() {
  return {
    debug: vi.spyOn(console, 'debug').mockImplementation(() => undefined),
    info: vi.spyOn(console, 'info').mockImplementation(() => undefined),
    warn: vi.spyOn(console, 'warn').mockImplementation(() => undefined),
  };
}

/** All lines a console spy received, first argument only. */
export function lines(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map((c) => String(c[0]));
}

/** Resolves once `predicate` holds, re-checking after each macrotask (real timers only). */
export async function until(
  predicate: () => boolean,
  what = 'condition',
  tries = 400,
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (predicate()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}
