import { startTestServer, type TestServer } from '@milana-js/test-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { wrapBeacon } from '../../src/context/beacon.js';
import { networkRecorder } from '../../src/context/network-kit.js';
import { wrapXhr } from '../../src/context/xhr.js';
import { contextDeps, network, settle } from './helpers.js';

// jsdom's XMLHttpRequest makes real requests, here to a real server on 127.0.0.1.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ idleTimeoutMs: 20_000 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.setDefault('/missing', { status: 404, body: 'not here' });
  server.setDefault('/ok', { json: { a: 1 } });
  server.setDefault('/drop', { networkError: true });
});

const send = (xhr: XMLHttpRequest, body?: string): Promise<void> =>
  new Promise((resolve) => {
    xhr.addEventListener('loadend', () => resolve());
    xhr.send(body);
  });

describe('wrapXhr', () => {
  const originals = {
    open: XMLHttpRequest.prototype.open,
    send: XMLHttpRequest.prototype.send,
    setRequestHeader: XMLHttpRequest.prototype.setRequestHeader,
  };
  const setup = (over = {}) => {
    const deps = contextDeps(window);
    const restore = wrapXhr(deps, networkRecorder(deps, network(over)));
    return { deps, restore };
  };

  it('records a 404 with status, sizes and the sanitised URL; the app sees the same XHR', async () => {
    const { deps, restore } = setup();
    const xhr = new XMLHttpRequest();
    xhr.open('GET', `${server.url}/missing?token=abc`);
    await send(xhr);
    restore();
    expect(xhr.status).toBe(404);
    expect(xhr.responseText).toBe('not here');
    expect(deps.emitted).toEqual([
      {
        plugin: 'milana/network@1',
        payload: expect.objectContaining({
          initiator: 'xhr',
          method: 'GET',
          url: `${server.url}/missing?token=--redacted--`,
          status: 404,
          responseSize: 8,
        }),
      },
    ]);
  });

  it('records a network error with status 0', async () => {
    const { deps, restore } = setup();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${server.url}/drop`);
    await send(xhr, 'x');
    restore();
    expect(deps.emitted[0]!.payload).toMatchObject({
      status: 0,
      error: 'network error',
      requestSize: 1,
    });
  });

  it('keeps allow-listed request headers only; Authorization never; the SDK header means ours', async () => {
    const { deps, restore } = setup({ headers: ['x-trace'] });
    const xhr = new XMLHttpRequest();
    xhr.open('GET', `${server.url}/ok`);
    xhr.setRequestHeader('Authorization', 'Bearer hush');
    xhr.setRequestHeader('X-Trace', 'abc');
    await send(xhr);
    const own = new XMLHttpRequest();
    own.open('POST', `${server.url}/update`);
    own.setRequestHeader('X-Milana-Client-Key', 'k');
    await send(own, '{}');
    restore();
    expect(deps.emitted).toHaveLength(1);
    expect(deps.emitted[0]!.payload.requestHeaders).toEqual({ 'x-trace': 'abc' });
    expect(JSON.stringify(deps.emitted)).not.toContain('hush');
  });

  it('passes exceptions of the originals through and restores the prototype', () => {
    const { deps, restore } = setup();
    const xhr = new XMLHttpRequest();
    expect(() => xhr.send()).toThrow(); // not opened: InvalidStateError, as without us
    expect(() => xhr.open('BAD METHOD', '/x')).toThrow();
    restore();
    expect(XMLHttpRequest.prototype.open).toBe(originals.open);
    expect(XMLHttpRequest.prototype.send).toBe(originals.send);
    expect(XMLHttpRequest.prototype.setRequestHeader).toBe(originals.setRequestHeader);
    expect(deps.emitted).toEqual([]);
  });

  it('leaves a later wrapper in place on restore, and stops recording', async () => {
    const { deps, restore } = setup();
    const ours = XMLHttpRequest.prototype.send;
    const theirs = function (
      this: XMLHttpRequest,
      body?: Document | XMLHttpRequestBodyInit | null,
    ) {
      return ours.call(this, body);
    };
    XMLHttpRequest.prototype.send = theirs;
    restore();
    expect(XMLHttpRequest.prototype.send).toBe(theirs);
    const xhr = new XMLHttpRequest();
    xhr.open('GET', `${server.url}/ok`);
    await send(xhr);
    expect(xhr.status).toBe(200);
    expect(deps.emitted).toEqual([]);
    XMLHttpRequest.prototype.send = originals.send;
  });
});

describe('wrapBeacon', () => {
  it('returns what the original returns and records method, size and queued', async () => {
    const original = vi.fn((_url: string, _data?: string) => true);
    const nav = { sendBeacon: original };
    const deps = contextDeps({ navigator: nav as never, location: window.location });
    const restore = wrapBeacon(deps, networkRecorder(deps, network()));
    expect(nav.sendBeacon('https://api.example.com/t?token=x', 'abcd')).toBe(true);
    original.mockReturnValueOnce(false);
    expect(nav.sendBeacon('https://api.example.com/t', 'ab')).toBe(false);
    restore();
    expect(nav.sendBeacon).toBe(original);
    expect(deps.emitted.map((e) => e.payload)).toEqual([
      {
        initiator: 'beacon',
        method: 'POST',
        url: 'https://api.example.com/t?token=--redacted--',
        requestSize: 4,
        queued: true,
      },
      {
        initiator: 'beacon',
        method: 'POST',
        url: 'https://api.example.com/t',
        requestSize: 2,
        queued: false,
      },
    ]);
    await settle();
  });
});
