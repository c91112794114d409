import { startTestServer, type TestServer } from '@milana-js/test-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wrapFetch } from '../../src/context/fetch.js';
import { networkRecorder } from '../../src/context/network-kit.js';
import { contextDeps, network, settle } from './helpers.js';

// The wrapper runs over Node's real fetch against a real server on 127.0.0.1.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ idleTimeoutMs: 20_000 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.setDefault('/ok', { json: { fine: true } });
  server.setDefault('/missing', { status: 404, body: 'nope' });
  server.setDefault('/drop', { networkError: true });
  server.setDefault('/slow', { delayMs: 2_000, body: 'late' });
});

const realFetch = globalThis.fetch;
const setup = (over = {}, extra = {}) => {
  const win = { fetch: realFetch, location: { href: server.url + '/' } } as never;
  const deps = contextDeps(win, extra);
  const restore = wrapFetch(deps, networkRecorder(deps, network(over)));
  return { deps, win: win as { fetch: typeof fetch }, restore };
};

describe('wrapFetch', () => {
  it('records a 404 with method, sanitised URL, status, duration and sizes', async () => {
    const { deps, win, restore } = setup();
    const response = await win.fetch(`${server.url}/missing?token=s3cret&a=1#frag`, {
      method: 'post',
      body: 'héllo',
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('nope');
    restore();
    expect(deps.emitted).toHaveLength(1);
    const { plugin, payload } = deps.emitted[0]!;
    expect(plugin).toBe('milana/network@1');
    expect(payload).toMatchObject({
      initiator: 'fetch',
      method: 'POST',
      url: `${server.url}/missing?token=--redacted--&a=1`,
      status: 404,
      requestSize: 6,
      responseSize: 4,
    });
    expect(JSON.stringify(payload)).not.toContain('s3cret');
    expect(typeof payload.duration).toBe('number');
  });

  it('hands back the very Response, unread, and reads no body unless asked', async () => {
    const { deps, win, restore } = setup();
    const response = await win.fetch(`${server.url}/ok`);
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ fine: true });
    restore();
    expect(deps.emitted[0]!.payload).not.toHaveProperty('responseBody');
  });

  it('rejects with the original error on a network failure, and records it', async () => {
    const { deps, win, restore } = setup();
    const failure = await win.fetch(`${server.url}/drop`).catch((e: unknown) => e);
    const direct = await realFetch(`${server.url}/drop`).catch((e: unknown) => e);
    restore();
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as Error).message).toBe((direct as Error).message);
    expect(deps.emitted[0]!.payload).toMatchObject({ status: 0, error: 'network error' });
  });

  it('passes an abort through as the same AbortError and records "abort"', async () => {
    const { deps, win, restore } = setup();
    const controller = new AbortController();
    const pending = win.fetch(`${server.url}/slow`, { signal: controller.signal });
    controller.abort(new DOMException('stop', 'AbortError'));
    const error = await pending.catch((e: unknown) => e);
    restore();
    expect((error as Error).name).toBe('AbortError');
    expect(deps.emitted[0]!.payload).toMatchObject({ status: 0, error: 'abort' });
  });

  it('accepts Request objects (method and URL from the Request) and streams their body', async () => {
    const { deps, win, restore } = setup();
    const request = new Request(`${server.url}/ok?x=1`, { method: 'PUT', body: 'abc' });
    const response = await win.fetch(request);
    expect(response.status).toBe(200);
    restore();
    expect(server.requestsTo('/ok')[0]!.bodyText).toBe('abc');
    expect(deps.emitted[0]!.payload).toMatchObject({ method: 'PUT', url: `${server.url}/ok?x=1` });
  });

  it('keeps only allow-listed headers and never Authorization or Cookie', async () => {
    const { deps, win, restore } = setup({ headers: ['content-type', 'x-trace'] });
    await win.fetch(`${server.url}/ok`, {
      headers: { Authorization: 'Bearer top-secret', 'X-Trace': 't1', Cookie: 'sid=1' },
    });
    restore();
    const { payload } = deps.emitted[0]!;
    expect(payload.requestHeaders).toEqual({ 'x-trace': 't1' });
    expect(payload.responseHeaders).toEqual({
      'content-type': expect.stringMatching(/^application\/json/),
    });
    expect(JSON.stringify(payload)).not.toMatch(/top-secret|sid=1/);
  });

  it('records text bodies when asked, from a clone the app never notices', async () => {
    const { deps, win, restore } = setup({ bodies: true });
    const response = await win.fetch(`${server.url}/ok`, { method: 'POST', body: '{"q":1}' });
    expect(await response.text()).toBe('{"fine":true}');
    await settle();
    restore();
    expect(deps.emitted[0]!.payload).toMatchObject({
      requestBody: '{"q":1}',
      responseBody: '{"fine":true}',
    });
  });

  it("leaves the SDK's own requests out: by header, and while the recorder sends", async () => {
    let sending = false;
    const { deps, win, restore } = setup({}, { isOwnSend: () => sending });
    await win.fetch(`${server.url}/update`, {
      method: 'POST',
      headers: { 'X-Milana-Client-Key': 'k' },
      body: '{}',
    });
    sending = true;
    const batch = win.fetch(`${server.url}/batch`, { method: 'POST', body: '{}' });
    sending = false;
    await batch;
    // A header-less request to the learned ingest base (a beacon, say) is ours too.
    await win.fetch(`${server.url}/metrics`, { method: 'POST', body: '{}' });
    await win.fetch(`${server.url}/ok`);
    restore();
    expect(deps.emitted.map((e) => e.payload.url)).toEqual([`${server.url}/ok`]);
  });

  it('knows its own header in every HeadersInit form and on a Request', async () => {
    const own = `${server.url}/update`;
    const forms: [RequestInfo, RequestInit?][] = [
      [own, { method: 'POST', headers: [['x-milana-client-key', 'k']] }],
      [own, { method: 'POST', headers: new Headers({ 'X-Milana-Client-Key': 'k' }) }],
      [new Request(own, { method: 'POST', headers: { 'x-MILANA-client-key': 'k' } })],
    ];
    for (const [input, init] of forms) {
      // A fresh wrapper each time: nothing learned from an earlier own request.
      const { deps, win, restore } = setup();
      await win.fetch(input, init);
      await win.fetch(`${server.url}/ok`, { headers: { 'x-other': 'k' } });
      restore();
      expect(deps.emitted.map((e) => e.payload.url)).toEqual([`${server.url}/ok`]);
    }
  });

  it('skips ignoreUrls (substring or RegExp)', async () => {
    const { deps, win, restore } = setup({ ignoreUrls: ['/missing', /\/o[k]$/] });
    await win.fetch(`${server.url}/missing`);
    await win.fetch(`${server.url}/ok`);
    restore();
    expect(deps.emitted).toEqual([]);
  });

  it('restores fetch; a wrapper added after ours survives and keeps working', async () => {
    const { deps, win, restore } = setup();
    const ours = win.fetch;
    restore();
    expect(win.fetch).toBe(realFetch);

    const second = setup();
    const underneath = second.win.fetch;
    const theirs = (...args: Parameters<typeof fetch>) => underneath(...args);
    second.win.fetch = theirs;
    second.restore();
    expect(second.win.fetch).toBe(theirs);
    const response = await second.win.fetch(`${server.url}/ok`);
    expect(response.status).toBe(200);
    expect(second.deps.emitted).toEqual([]);
    expect(ours).not.toBe(realFetch);
    expect(deps.emitted).toEqual([]);
  });

  it('wraps a fetch that another library wrapped before us, calling through it', async () => {
    const seen: string[] = [];
    const theirs = (input: string, init?: RequestInit) => {
      seen.push(input);
      return realFetch(input, init);
    };
    const win = { fetch: theirs, location: { href: server.url + '/' } } as never;
    const deps = contextDeps(win);
    const restore = wrapFetch(deps, networkRecorder(deps, network()));
    await (win as { fetch: typeof fetch }).fetch(`${server.url}/ok`);
    restore();
    expect(seen).toEqual([`${server.url}/ok`]);
    expect((win as { fetch: unknown }).fetch).toBe(theirs);
    expect(deps.emitted).toHaveLength(1);
  });

  it('returns the very Response object and rethrows a synchronous throw as is', async () => {
    const answer = new Response('x', { status: 201 });
    const boom = new TypeError('sync failure');
    const calls: unknown[][] = [];
    const inner = function (this: unknown, ...args: unknown[]) {
      calls.push([this, ...args]);
      if (args[0] === 'throw') throw boom;
      return Promise.resolve(answer);
    };
    const win = { fetch: inner, location: { href: server.url + '/' } } as never;
    const deps = contextDeps(win);
    const restore = wrapFetch(deps, networkRecorder(deps, network()));
    const wrapped = (win as { fetch: (...a: unknown[]) => Promise<Response> }).fetch;
    const init = { method: 'POST', keepalive: true, body: 'k' };
    expect(await wrapped.call(win, `${server.url}/ok`, init)).toBe(answer);
    expect(calls[0]).toEqual([win, `${server.url}/ok`, init]);
    expect(calls[0]![2]).toBe(init); // the same init object: keepalive, signal and all
    expect(() => wrapped('throw')).toThrow(boom);
    restore();
    expect(deps.emitted.map((e) => e.payload.status)).toEqual([201]);
  });

  it('surfaces an unhandled failure as an unhandled rejection with the same reason', async () => {
    const reason = new TypeError('offline');
    const win = {
      fetch: () => Promise.reject(reason),
      location: { href: server.url + '/' },
    } as never;
    const deps = contextDeps(win);
    const restore = wrapFetch(deps, networkRecorder(deps, network()));
    const unhandled: unknown[] = [];
    const listener = (r: unknown) => unhandled.push(r);
    process.on('unhandledRejection', listener);
    void (win as { fetch: (u: string) => Promise<Response> }).fetch(`${server.url}/x`);
    await settle();
    process.off('unhandledRejection', listener);
    restore();
    expect(unhandled).toEqual([reason]);
    expect(deps.emitted[0]!.payload).toMatchObject({ status: 0, error: 'network error' });
  });
});
