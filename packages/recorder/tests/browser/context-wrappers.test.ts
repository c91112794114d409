import { launchChromium } from '@milana-js/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, serveLocal, type PageServer } from './pipeline-page-server.js';

// The fetch and XHR wrappers in Chromium, against a real server: what the app sees with the
// capture on must be what it sees without it (streams, aborts, Request objects, keepalive,
// wrappers of other libraries before and after ours), and stop() restores everything.

let browser: Browser;
let server: PageServer;
let url = '';

beforeAll(async () => {
  const script = await bundle('./fixtures/context-page.ts');
  server = await serveLocal((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/page.js')
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (path === '/stream') {
      // Three chunks, 30 ms apart: the app must get them as a stream, untouched.
      res.writeHead(200, { 'content-type': 'text/plain' });
      let n = 0;
      const tick = setInterval(() => {
        res.write(`chunk${n++};`);
        if (n === 3) {
          clearInterval(tick);
          res.end();
        }
      }, 30);
      return;
    }
    if (path === '/echo') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () =>
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`echo:${req.method}:${body}`),
      );
      return;
    }
    if (path === '/slow')
      return void setTimeout(() => res.writeHead(200).end('late'), 3_000).unref();
    if (path === '/missing') return void res.writeHead(404).end('nope');
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><script src="/page.js"></script><p>wrappers</p>');
  });
  url = server.url;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What the app observes for each scenario; run once without capture and once with it. */
function observeApp(page: Page) {
  return page.evaluate(async () => {
    const out: Record<string, unknown> = {};
    // Streaming: read chunk by chunk.
    const streamed = await fetch('/stream');
    const reader = streamed.body!.getReader();
    const parts: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(new TextDecoder().decode(value));
    }
    out.stream = parts.join('');
    // Abort with a reason: the same reason object comes back.
    const controller = new AbortController();
    const reason = new Error('user left');
    const pending = fetch('/slow', { signal: controller.signal });
    controller.abort(reason);
    out.abortSame = await pending.then(
      () => 'resolved',
      (e: unknown) => e === reason,
    );
    // A Request object with a body, and keepalive.
    out.request = await (
      await fetch(new Request('/echo', { method: 'PUT', body: 'req-body' }))
    ).text();
    out.keepalive = await (
      await fetch('/echo', { method: 'POST', body: 'ka', keepalive: true })
    ).text();
    out.missing = (await fetch('/missing')).status;
    out.failed = await fetch('http://127.0.0.1:1/').then(
      () => 'resolved',
      (e: Error) => e.name,
    );
    // XHR: a load and an abort, with the app's own handlers.
    out.xhr = await new Promise((done) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/echo');
      xhr.onload = () => done(`${xhr.status}:${xhr.responseText}`);
      xhr.send('x-body');
    });
    out.xhrAbort = await new Promise((done) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/slow');
      xhr.onabort = () => done(`aborted:${xhr.status}`);
      xhr.send();
      xhr.abort();
    });
    return out;
  });
}

describe('context capture wrappers in Chromium', () => {
  it('change nothing the app observes, with and without bodies', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const without = await observeApp(page);
    expect(without).toEqual({
      stream: 'chunk0;chunk1;chunk2;',
      abortSame: true,
      request: 'echo:PUT:req-body',
      keepalive: 'echo:POST:ka',
      missing: 404,
      failed: 'TypeError',
      xhr: '200:echo:POST:x-body',
      xhrAbort: 'aborted:0',
    });
    for (const bodies of [false, true]) {
      await page.evaluate(
        (b) => window.__startCapture({ network: { headers: [], bodies: b, ignoreUrls: [] } }),
        bodies,
      );
      expect(await observeApp(page)).toEqual(without);
      await page.evaluate(() => window.__stopCapture());
    }
    const captured = await page.evaluate(() => window.__captured.map((e) => e.payload));
    // Every request of both captured runs was recorded, with the outcome it had.
    const summary = captured.map((p) =>
      [p.initiator, p.method, String(p.url).replace(url, ''), p.status, p.error]
        .filter((part) => part !== undefined)
        .map(String)
        .join(' '),
    );
    const oneRun = [
      'fetch GET /stream 200',
      'fetch GET /slow 0 abort',
      'fetch PUT /echo 200',
      'fetch POST /echo 200',
      'fetch GET /missing 404',
      'fetch GET http://127.0.0.1:1/ 0 network error',
      'xhr POST /echo 200',
      'xhr GET /slow 0 abort',
    ];
    expect([...summary].sort()).toEqual([...oneRun, ...oneRun].sort());
    expect(captured.find((p) => p.responseBody === 'chunk0;chunk1;chunk2;')).toBeDefined();
    await page.close();
  });

  it('keeps libraries that wrap fetch before and after us working, also after stop', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const result = await page.evaluate(async () => {
      const native = window.fetch;
      const log: string[] = [];
      window.fetch = function before(...args: Parameters<typeof fetch>) {
        log.push('before');
        return native.apply(this, args);
      };
      window.__startCapture({ network: { headers: [], bodies: false, ignoreUrls: [] } });
      const ours = window.fetch;
      window.fetch = function after(...args: Parameters<typeof fetch>) {
        log.push('after');
        return ours.apply(this, args);
      };
      const first = await (await fetch('/echo', { method: 'POST', body: '1' })).text();
      window.__stopCapture();
      const second = await (await fetch('/echo', { method: 'POST', body: '2' })).text();
      return { first, second, log, outer: window.fetch.name, recorded: window.__captured.length };
    });
    expect(result).toEqual({
      first: 'echo:POST:1',
      second: 'echo:POST:2',
      log: ['after', 'before', 'after', 'before'],
      outer: 'after',
      recorded: 1,
    });
    await page.close();
  });
});
