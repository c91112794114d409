import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from '@milana-js/test-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveLocal, type PageServer } from './pipeline-page-server.js';

// What an app downloads for each capture setting, with the chunks an app's bundler makes (esbuild,
// ESM with code splitting) in Chromium: rrweb's console plugin comes only with console capture.

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
let browser: Browser;
let server: PageServer;
let url = '';
/** Output file name -> contents; and the script paths the browser asked for. */
const files = new Map<string, string>();
const requested: string[] = [];
let consoleChunk = '';

beforeAll(async () => {
  const result = await build({
    entryPoints: { page: here('./fixtures/context-chunks-page.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    outdir: here('./.chunks'),
    write: false,
    logLevel: 'silent',
    alias: {
      '@milana-js/recorder/context-console': here('../../src/context/console.ts'),
      '@milana-js/recorder/context': here('../../src/context/index.ts'),
    },
  });
  for (const out of result.outputFiles) {
    const name = out.path.split('/').pop()!;
    files.set(name, out.text);
    if (out.text.includes('rrweb/console@1') && out.text.includes('Circular ~'))
      consoleChunk = name;
  }
  server = await serveLocal((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const file = files.get(path.slice(1));
    if (file !== undefined) {
      requested.push(path.slice(1));
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(file);
    }
    if (path === '/api') return void res.writeHead(500).end('down');
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><script type="module" src="/page.js"></script><p>chunks</p>');
  });
  url = server.url;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Open the page, start the capture, run `act`, and wait until `plugin` events arrived. */
async function run(capture: object, act: string, plugin: string) {
  requested.length = 0;
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => typeof window.__loadCapture === 'function');
    await page.evaluate((c) => window.__loadCapture(c), capture);
    await page.evaluate(act);
    await page.waitForFunction((name) => window.__captured.some((e) => e.plugin === name), plugin, {
      timeout: 10_000,
    });
    return [...requested];
  } finally {
    await page.close();
  }
}

it('splits the plugin into a chunk of its own', () => {
  expect(consoleChunk).not.toBe('');
  expect(files.get('page.js')).not.toContain('Circular ~');
});

it('never downloads the console chunk for network and error capture', async () => {
  const loaded = await run(
    { network: true, errors: true },
    "fetch('/api').catch(() => {})",
    'milana/network@1',
  );
  expect(loaded).toContain('page.js');
  expect(loaded.length).toBeGreaterThan(1); // the capture chunk itself
  expect(loaded).not.toContain(consoleChunk);
});

it('downloads it for console capture, and records the console from then on', async () => {
  const loaded = await run(
    { console: true },
    // The console part arrives after the capture chunk: log until it records.
    `(async () => { for (let i = 0; i < 100 && !window.__captured.length; i++) {
       console.warn('low stock'); await new Promise((r) => setTimeout(r, 20)); } })()`,
    'rrweb/console@1',
  );
  expect(loaded).toContain(consoleChunk);
});
