import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium, startTestServer, type TestServer } from '@milana-js/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** A page origin for browser tests: serves one HTML page and one esbuild bundle on 127.0.0.1. */
export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/** Bundle `entry` (a path relative to this folder) for Chromium as one IIFE script. */
export async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Serve `script` at `/page.js` and an HTML page loading it at every other path. */
export function startPageServer(script: string): Promise<PageServer> {
  const html =
    '<!doctype html><html><head><title>pipeline</title><script src="/page.js"></script></head><body><p>pipeline test page</p></body></html>';
  return serveLocal((req, res) => {
    if ((req.url ?? '').startsWith('/page.js')) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(script);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(html);
    }
  });
}

/** An HTTP server on 127.0.0.1 (a free port) answering with `handler`; it never keeps the process alive. */
export async function serveLocal(handler: RequestListener): Promise<PageServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A forgotten server must never keep the test process alive.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What {@link usePipelinePage} gives a test file. */
export interface PipelinePage {
  /** The protocol test server the page sends to (reset before each test). */
  ingest(): TestServer;
  /**
   * Open the page and start the fixture under playwright's fake clock, paused, so timers only run
   * when a test calls `page.clock.runFor`.
   */
  openPage(): Promise<Page>;
}

/**
 * Set up a test file's browser, protocol test server and page server around the fixture `entry`
 * (bundled once), closing all three after the file.
 */
export function usePipelinePage(entry: string): PipelinePage {
  let browser: Browser;
  let ingest: TestServer;
  let pages: PageServer;

  beforeAll(async () => {
    const [script, server, launched] = await Promise.all([
      bundle(entry),
      startTestServer(),
      launchChromium(),
    ]);
    ingest = server;
    browser = launched;
    pages = await startPageServer(script);
  });

  afterAll(async () => {
    await browser?.close();
    await ingest?.close();
    await pages?.close();
  });

  beforeEach(() => {
    ingest.reset();
  });

  return {
    ingest: () => ingest,
    async openPage() {
      const page = await browser.newPage();
      const t0 = Date.now();
      await page.clock.install({ time: t0 });
      await page.goto(`${pages.url}/?endpoint=${encodeURIComponent(ingest.url)}`);
      await page.clock.pauseAt(t0 + 60_000);
      await page.evaluate(() => (window as unknown as { __start(): void }).__start());
      return page;
    },
  };
}
