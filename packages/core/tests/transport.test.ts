import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '@milana-js/test-server';
import { DEFAULT_ENDPOINT, createTransport, parseJson } from '../src/transport';
import pkg from '../package.json';
import { CLIENT_KEY, PRODUCT_ID } from './helpers/fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

interface Settings {
  endpoint?: string;
  callerType?: 'core' | 'react' | 'cdn';
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** A transport for the test server, with `extra` settings (an `endpoint: undefined` means none). */
function transport(extra: Settings = {}) {
  const { endpoint, callerType, fetch, timeoutMs }: Settings = { endpoint: server.url, ...extra };
  return createTransport(PRODUCT_ID, CLIENT_KEY, callerType ?? 'core', endpoint, fetch, timeoutMs);
}

describe('createTransport', () => {
  /** The URL each request of a transport with `endpoint` goes to, seen by a fetch spy. */
  async function urlFor(endpoint: string | undefined): Promise<string> {
    const urls: string[] = [];
    const spy = (async (url: string) => {
      urls.push(url);
      return new Response('');
    }) as unknown as typeof fetch;
    await transport({ endpoint, fetch: spy })('/session', '{}');
    return urls[0] ?? '';
  }

  it('uses https://in.getmilana.ai when no endpoint is given', async () => {
    expect(DEFAULT_ENDPOINT).toBe('https://in.getmilana.ai');
    expect(await urlFor(undefined)).toBe('https://in.getmilana.ai/session');
  });

  it('strips exactly one trailing slash from the endpoint', async () => {
    expect(await urlFor('https://t.example.com/milana/')).toBe(
      'https://t.example.com/milana/session',
    );
    expect(await urlFor('https://t.example.com//')).toBe('https://t.example.com//session');
    expect(await urlFor('https://t.example.com/milana')).toBe(
      'https://t.example.com/milana/session',
    );
  });

  it('posts to the endpoint plus the path with no query string', async () => {
    await transport({ endpoint: `${server.url}/` })('/metrics', '{}');
    const [req] = server.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/metrics');
  });

  it('sends every protocol header of §4 on each request', async () => {
    await transport({ callerType: 'react' })('/metrics', '{}', { sessionId: 'sess_1' });
    const headers = server.requests[0]?.headers ?? {};
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-milana-time-zone']).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(headers['x-milana-locale']).toBe(Intl.DateTimeFormat().resolvedOptions().locale);
    expect(headers['x-milana-client-version']).toBe(pkg.version);
    expect(headers['x-milana-client-git-hash']).toBe('testhash');
    expect(headers['x-milana-protocol-version']).toBe('1');
    expect(headers['x-milana-caller-type']).toBe('react');
    expect(headers['x-milana-product-id']).toBe(PRODUCT_ID);
    expect(headers['x-milana-client-key']).toBe(CLIENT_KEY);
    expect(headers['x-milana-session-id']).toBe('sess_1');
    expect(headers['x-milana-referrer']).toBeUndefined();
  });

  it('sends X-Milana-Referrer only when asked and omits an empty session id', async () => {
    await transport()('/session', '{}', {
      referrer: 'https://app.example.com/x',
      sessionId: null,
    });
    const headers = server.requests[0]?.headers ?? {};
    expect(headers['x-milana-referrer']).toBe('https://app.example.com/x');
    expect(headers['x-milana-session-id']).toBeUndefined();
  });

  it('adds Content-Encoding: gzip for a gzip body and keeps the JSON content type', async () => {
    const { gzipSync } = await import('node:zlib');
    const body = new Uint8Array(gzipSync('{"version":1,"events":[]}'));
    await transport()('/batch', body, { gzip: true, sessionId: 's' });
    const [req] = server.requests;
    expect(req?.headers['content-encoding']).toBe('gzip');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.json).toEqual({ version: 1, events: [] });
  });

  it('returns the body text and status on a non-2xx answer', async () => {
    server.enqueue('/update', {
      status: 409,
      json: { success: false, shouldRestartSession: true },
    });
    const outcome = await transport()('/update', '{}', { sessionId: 's' });
    expect(outcome).toMatchObject({ reached: true, status: 409 });
    expect(parseJson(outcome.text)).toEqual({ success: false, shouldRestartSession: true });
  });

  it('reports a network error as not reached instead of throwing', async () => {
    server.enqueue('/update', { networkError: true });
    const outcome = await transport()('/update', '{}', { sessionId: 's' });
    expect(outcome.reached).toBe(false);
    expect(outcome.status).toBe(0);
  });

  it('gives up on a server that never answers once the request timeout passes', async () => {
    server.enqueue('/update', { hang: true });
    const outcome = await transport({ timeoutMs: 50 })('/update', '{}', { sessionId: 's' });
    expect(outcome.reached).toBe(false);
  });

  it('uses a 30 s request timeout by default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const aborted: boolean[] = [];
      const fetchSpy = vi.fn((_url: string, init: RequestInit) => {
        return new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => {
            aborted.push(true);
            reject(new Error('aborted'));
          });
        });
      });
      const pending = transport({ fetch: fetchSpy as unknown as typeof fetch })('/update', '{}');
      vi.advanceTimersByTime(29_999);
      expect(aborted).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(aborted).toEqual([true]);
      expect((await pending).reached).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('aborts the request when the caller signal aborts', async () => {
    server.enqueue('/batch', { hang: true });
    const controller = new AbortController();
    const pending = transport()('/batch', '{}', { sessionId: 's', signal: controller.signal });
    await server.waitFor('/batch', 1);
    controller.abort();
    expect((await pending).reached).toBe(false);
  });

  it('passes keepalive to fetch only when asked', async () => {
    const seen: Array<boolean | undefined> = [];
    const spy = ((url: string, init: RequestInit) => {
      seen.push(init.keepalive);
      return fetch(url, init);
    }) as typeof fetch;
    await transport({ fetch: spy })('/batch', '{}', { sessionId: 's', keepalive: true });
    await transport({ fetch: spy })('/batch', '{}', { sessionId: 's' });
    expect(seen).toEqual([true, undefined]);
  });

  it('reports a missing fetch as not reached', async () => {
    const outcome = await transport({ fetch: 'nope' as unknown as typeof fetch })('/metrics', '{}');
    expect(outcome.reached).toBe(false);
  });

  it('reads the global fetch at call time and calls it without a this', async () => {
    const calls: unknown[] = [];
    const late = function (this: unknown) {
      calls.push(this);
      return Promise.resolve(new Response('{"ok":true}', { status: 200 }));
    };
    const t = createTransport(PRODUCT_ID, CLIENT_KEY, 'core');
    vi.stubGlobal('fetch', late);
    try {
      const outcome = await t('/metrics', '{}');
      expect(outcome).toEqual({ reached: true, status: 200, statusText: '', text: '{"ok":true}' });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(calls).toEqual([undefined]);
  });

  it('does not reach the server when the caller signal was already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await transport()('/batch', '{}', { signal: controller.signal });
    expect(outcome.reached).toBe(false);
    expect(server.requests).toHaveLength(0);
  });

  it('reports an answer whose body cannot be read as reached with no text', async () => {
    const broken = (async () => ({
      status: 502,
      statusText: 'Bad Gateway',
      text: () => Promise.reject(new Error('stream broke')),
    })) as unknown as typeof fetch;
    expect(await transport({ fetch: broken })('/update', '{}')).toEqual({
      reached: true,
      status: 502,
      statusText: 'Bad Gateway',
      text: null,
    });
  });

  it('reports a fetch that throws a non-Error as not reached with its text', async () => {
    const throwing = (() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test
      throw 'offline';
    }) as unknown as typeof fetch;
    expect(await transport({ fetch: throwing })('/update', '{}')).toEqual({
      reached: false,
      status: 0,
      statusText: 'offline',
      text: null,
    });
  });
});
