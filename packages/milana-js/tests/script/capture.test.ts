// @vitest-environment node
/**
 * Context capture end to end in Chromium: the script-tag bundle (dist/milana.js,
 * dist/milana-recorder.js and the capture files it fetches, milana-capture.js and
 * milana-console.js) on a page served from 127.0.0.1, recording into the real dev server
 * (another origin, like an app and its ingest service). The assertions read what the dev server
 * stored, so they see exactly what would reach Milana. Needs `pnpm --filter milana-js build`.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer, type DevServer } from '@milana-js/dev-server';
import { launchChromium } from '@milana-js/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist');
const SECRET_HEADER = 'Bearer sekrit-auth-7731';
const SECRET_QUERY = 'hunter2-query-5518';

let dev: DevServer;
let statics: Server;
let appUrl = '';
let browser: Browser;
/** The page the static server answers for /capture.html. */
let html = '';
/** The script-tag files the browser fetched during the current session. */
const fetched: string[] = [];

interface StoredEvent {
  type: number;
  timestamp: number;
  data: { plugin?: string; payload?: Record<string, unknown> };
}

/** The page: the stub, init with `captureJson` as `options.capture`, and milana.js. */
function page(captureJson: string): string {
  return `<!doctype html><html><head><script>
window._milanaQueue = [];
window.Milana = function () { window._milanaQueue.push(Array.prototype.slice.call(arguments)); };
Milana('init', 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_test', { environment: 'test', version: '1' },
  { endpoint: '${dev.url}', capture: ${captureJson} });
</script><script async src="/dist/milana.js"></script></head>
<body><h1>capture test</h1></body></html>`;
}

async function json<T>(path: string): Promise<T> {
  const response = await fetch(`${dev.url}/api${path}`);
  return (await response.json()) as T;
}

/** Polls the dev server until `probe` returns something. */
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What the app does on the page: failing fetch and XHR, a secret header and query, logs, a throw. */
async function actLikeAnApp(p: Page): Promise<void> {
  await p.evaluate(
    async ({ header, query }) => {
      const r = await fetch(`/app/missing?token=${query}&page=2`, {
        headers: { Authorization: header, 'X-Trace': 't-1' },
      });
      await r.text();
      await new Promise<void>((done) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', '/app/missing?via=xhr');
        xhr.setRequestHeader('Authorization', header);
        xhr.addEventListener('loadend', () => done());
        xhr.send('{"a":1}');
      });
      console.error('checkout failed', { code: 500 });
      setTimeout(() => {
        throw new TypeError('thrown by the app');
      });
      await new Promise((done) => setTimeout(done, 50));
    },
    { header: SECRET_HEADER, query: SECRET_QUERY },
  );
}

/** Load the page, wait for the recording, act, stop; return the stored events and raw bodies. */
async function runSession(
  captureJson: string,
): Promise<{ events: StoredEvent[]; raw: string; restored: boolean; files: string[] }> {
  dev.reset();
  fetched.length = 0;
  const context = await browser.newContext();
  const p = await context.newPage();
  p.on('pageerror', () => undefined); // the deliberate throw
  html = page(captureJson);
  await p.goto(`${appUrl}/capture.html`);
  const id = await until('a recording session', async () => {
    const { sessions } = await json<{ sessions: { id: string; eventCount: number }[] }>(
      '/sessions',
    );
    return sessions.find((s) => s.eventCount > 0)?.id;
  });
  await actLikeAnApp(p);
  await p.evaluate(() =>
    (window as unknown as { Milana(c: string): void }).Milana('stopRecording'),
  );
  await until('the closed session', async () => {
    const s = await json<{ closed: boolean }>(`/sessions/${id}`);
    return s.closed ? true : undefined;
  });
  // stopRecording() put the page's own functions back.
  const restored = await p.evaluate(() =>
    [
      window.fetch,
      XMLHttpRequest.prototype.open,
      XMLHttpRequest.prototype.send,
      XMLHttpRequest.prototype.setRequestHeader,
      navigator.sendBeacon,
      console.error,
      console.warn,
    ].every((fn) => /\[native code\]/.test(Function.prototype.toString.call(fn))),
  );
  const { events } = await json<{ events: StoredEvent[] }>(`/sessions/${id}/events`);
  const raw = JSON.stringify(await json<unknown>(`/sessions/${id}/requests`));
  await context.close();
  return { events, raw: raw + JSON.stringify(events), restored, files: [...fetched] };
}

const plugins = (events: StoredEvent[], name: string) =>
  events.filter((e) => e.type === 6 && e.data.plugin === name).map((e) => e.data.payload!);

beforeAll(async () => {
  dev = await startDevServer({ port: 0, memory: true, quiet: true });
  statics = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/capture.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    if (path.startsWith('/app/missing')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such thing');
      return;
    }
    const file = /^\/dist\/(milana(?:-recorder|-capture|-console)?\.js)$/.exec(path)?.[1];
    if (!file) return void res.writeHead(404).end();
    fetched.push(file);
    readFile(resolve(dist, file)).then(
      (body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((done) => statics.listen(0, '127.0.0.1', done));
  statics.unref();
  appUrl = `http://127.0.0.1:${(statics.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dev?.close();
  await new Promise<void>((done) => (statics ? statics.close(() => done()) : done()));
});

describe('context capture through the dev server', { timeout: 60_000 }, () => {
  it('stores the failing fetch and XHR with status, the console error and the throw', async () => {
    const { events, raw, restored, files } = await runSession(
      `{ console: true, errors: true, network: { headers: ['x-trace', 'authorization'] } }`,
    );
    expect(restored).toBe(true);
    expect(files.sort()).toEqual([
      'milana-capture.js',
      'milana-console.js',
      'milana-recorder.js',
      'milana.js',
    ]);
    const network = plugins(events, 'milana/network@1');
    expect(network).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          initiator: 'fetch',
          method: 'GET',
          status: 404,
          url: `${appUrl}/app/missing?token=--redacted--&page=2`,
          requestHeaders: { 'x-trace': 't-1' },
        }),
        expect.objectContaining({ initiator: 'xhr', method: 'POST', status: 404, requestSize: 7 }),
      ]),
    );
    // The SDK's own requests to the ingest service are never among them.
    expect(network.filter((n) => String(n.url).startsWith(dev.url))).toEqual([]);
    expect(network).toHaveLength(2);
    // Neither the Authorization header (even though listed) nor the secret query value is stored.
    expect(raw).not.toContain('sekrit-auth');
    expect(raw).not.toContain(SECRET_QUERY);

    const logs = plugins(events, 'rrweb/console@1');
    expect(logs).toEqual([
      expect.objectContaining({ level: 'error', payload: ['"checkout failed"', '{"code":500}'] }),
    ]);
    expect(plugins(events, 'milana/error@1')).toEqual([
      expect.objectContaining({
        kind: 'error',
        name: 'TypeError',
        message: expect.stringContaining('thrown by the app'),
      }),
    ]);
  });

  it('records network and errors without ever fetching the console file', async () => {
    const { events, files } = await runSession('{ network: true, errors: true }');
    expect(files.sort()).toEqual(['milana-capture.js', 'milana-recorder.js', 'milana.js']);
    expect(plugins(events, 'milana/network@1')).toEqual(
      expect.arrayContaining([expect.objectContaining({ initiator: 'xhr', status: 404 })]),
    );
    expect(plugins(events, 'milana/error@1')).toHaveLength(1);
    expect(plugins(events, 'rrweb/console@1')).toEqual([]);
  });

  it('captures nothing when the option is off, and fetches no capture file', async () => {
    const { events, raw, files } = await runSession('undefined');
    expect(files.sort()).toEqual(['milana-recorder.js', 'milana.js']);
    expect(events.some((e) => e.type === 2)).toBe(true); // it did record
    for (const name of ['milana/network@1', 'rrweb/console@1', 'milana/error@1'])
      expect(plugins(events, name)).toEqual([]);
    expect(raw).not.toContain(SECRET_QUERY);
  });
});
