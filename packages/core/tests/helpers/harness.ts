import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { startTestServer, type TestServer } from '@milana-js/test-server';
import type { InitOptions, MilanaClient, Result } from '../../src/types';
import { createMilana } from '../../src/client';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO, flushMicrotasks, until } from './fixtures';
import { fakeRecorder, type FakeRecorderOptions } from './fake-recorder';

/**
 * Per-file setup for client tests: one real test server for the file, reset before each test,
 * clean storage, and every client created through `make` stopped afterwards.
 */
export function useHarness() {
  const ctx = {
    server: undefined as unknown as TestServer,
    clients: [] as MilanaClient[],
    /** Requests made by harness clients whose response body has not been read yet. */
    inflight: 0,
    /** Resolves once every harness request finished and the client reacted to it. */
    async idle() {
      await until(() => ctx.inflight === 0, 'requests to finish');
      await flushMicrotasks(20);
    },
    /** A fresh client with a fake recorder; `init` goes to the test server. */
    make(recorder: FakeRecorderOptions = {}) {
      const fake = fakeRecorder(recorder);
      const client = createMilana({ loadRecorder: fake.loader, fetch: trackedFetch });
      ctx.clients.push(client);
      const init = (
        options: InitOptions = {},
        sessionInfo: unknown = SESSION_INFO,
      ): Promise<Result> =>
        client.init(PRODUCT_ID, CLIENT_KEY, sessionInfo as typeof SESSION_INFO, {
          endpoint: ctx.server.url,
          ...options,
        });
      return { client, fake, init };
    },
  };
  // Reads the body before handing the response over, so `idle()` knows when I/O is over and only
  // microtasks remain (fake-timer tests need that to know a backoff timer was scheduled).
  const trackedFetch = (async (url: string, init: RequestInit) => {
    ctx.inflight++;
    try {
      const response = await fetch(url, init);
      const body = await response.text();
      return new Response(body, { status: response.status, statusText: response.statusText });
    } finally {
      ctx.inflight--;
    }
  }) as typeof fetch;
  beforeAll(async () => {
    ctx.server = await startTestServer();
  });
  afterAll(() => ctx.server.close());
  beforeEach(() => {
    ctx.server.reset();
    sessionStorage.clear();
    localStorage.clear();
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    vi.useRealTimers();
    const clients = ctx.clients.splice(0);
    await Promise.all(clients.map((c) => c.stopRecording()));
    vi.restoreAllMocks();
  });
  return ctx;
}

/** The `Milana: ` lines printed at one console level. */
export function consoleLines(level: 'debug' | 'info' | 'warn'): string[] {
  const spy = console[level] as unknown as { mock?: { calls: unknown[][] } };
  return (spy.mock?.calls ?? []).map((c) => String(c[0]));
}
