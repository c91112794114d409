import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumExecutable,
  CHROMIUM_ARGS,
  launchChromium,
  startTestServer,
  type TestServer,
} from '../src/index.js';

describe('chromiumExecutable', () => {
  const saved = process.env.CHROMIUM_BIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_BIN;
    else process.env.CHROMIUM_BIN = saved;
  });

  it('prefers the CHROMIUM_BIN environment variable', () => {
    process.env.CHROMIUM_BIN = '/opt/chrome/chrome';
    expect(chromiumExecutable()).toBe('/opt/chrome/chrome');
  });

  it('falls back to Debian /usr/bin/chromium', () => {
    delete process.env.CHROMIUM_BIN;
    expect(chromiumExecutable()).toBe('/usr/bin/chromium');
  });

  it('lists the flags the repo launches Chromium with', () => {
    expect(CHROMIUM_ARGS).toEqual([
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ]);
  });
});

// A second origin (another port) serves the page, so the browser's requests are cross-origin
// and go through a real CORS preflight.
describe.skipIf(!existsSync(chromiumExecutable()))('launchChromium against the test server', () => {
  let ingest: TestServer;
  let site: Server;
  let siteUrl = '';

  beforeAll(async () => {
    ingest = await startTestServer();
    site = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>app</title>');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    site.unref();
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await ingest.close();
    site.closeAllConnections();
    await new Promise<void>((resolve) => site.close(() => resolve()));
  });

  // A cold Chromium start on a loaded machine takes longer than vitest's 5 s default; 60 s as
  // for the recorder's browser tests.
  it(
    'lets a page POST a preflighted, gzip-compressed batch that the server decodes',
    { timeout: 60_000 },
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(siteUrl);
        const answer = await page.evaluate(async (endpoint: string) => {
          const text = JSON.stringify({ version: 1, batchStartedAt: 1, events: [{ type: 4 }] });
          const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
          const body = await new Response(stream).arrayBuffer();
          const res = await fetch(`${endpoint}/batch`, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'Content-Encoding': 'gzip',
              'X-Milana-Session-Id': 'sess_c',
            },
            body,
          });
          return res.json();
        }, ingest.url);

        expect(answer).toEqual({ success: true, sessionId: 'sess_c', messageId: 'msg_1' });
        expect(ingest.preflights).toHaveLength(1);
        expect(ingest.preflights[0]?.headers['access-control-request-headers']).toContain(
          'x-milana-session-id',
        );
        const [batch] = ingest.requestsTo('/batch');
        expect(batch?.gzip).toBe(true);
        expect(batch?.json).toEqual({ version: 1, batchStartedAt: 1, events: [{ type: 4 }] });
        expect(batch?.headers.origin).toBe(siteUrl.slice(0, -1));
      } finally {
        await browser.close();
      }
    },
  );
});
