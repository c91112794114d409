import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInspector } from '../scripts/build-inspector.mjs';
import type { DevServer } from '../src/server.js';
import { batch, openSession, post, sampleEvents, startTestServer } from './helpers.js';

// The context panel (inspector/context-panel.js) in Chromium, over a session whose stream holds
// the plugin events the SDK's context capture emits.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
const START = 1_767_225_600_000;

let devServer: DevServer;
let browser: Browser;
let inspectorDir: string;
let sessionId: string;

const plugin = (at: number, name: string, payload: unknown) => ({
  type: 6,
  timestamp: START + at,
  data: { plugin: name, payload },
});

beforeAll(async () => {
  inspectorDir = mkdtempSync(join(tmpdir(), 'milana-inspector-ctx-'));
  await buildInspector(inspectorDir);
  devServer = await startTestServer({ inspectorDir });
  sessionId = await openSession(devServer);
  const events = [
    ...sampleEvents(START),
    plugin(1_000, 'rrweb/console@1', { level: 'warn', trace: [], payload: ['"slow cart"'] }),
    plugin(2_000, 'milana/network@1', {
      initiator: 'fetch',
      method: 'POST',
      url: 'https://app.example.com/api/checkout?step=2',
      status: 500,
      duration: 120,
    }),
    plugin(3_000, 'milana/network@1', {
      initiator: 'xhr',
      method: 'GET',
      url: 'https://app.example.com/api/cart',
      status: 200,
      duration: 30,
    }),
    plugin(4_000, 'milana/error@1', {
      kind: 'error',
      name: 'TypeError',
      message: 'total is undefined',
      source: 'https://app.example.com/app.js',
      line: 12,
    }),
    { type: 3, timestamp: START + 6_000, data: { source: 2, type: 2, id: 3, x: 1, y: 1 } },
  ];
  const answer = await post(devServer, 'batch', batch(events), { sessionId });
  if (answer.status !== 200) throw new Error(`batch failed: ${answer.status}`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
});

afterAll(async () => {
  await browser?.close();
  await devServer?.close();
  rmSync(inspectorDir, { recursive: true, force: true });
});

async function openInspector(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${devServer.inspectorUrl}#/sessions/${sessionId}`);
  await page.locator('#context-panel .ctx-item').first().waitFor();
  return { page, errors };
}

describe('inspector context panel', () => {
  it('lists console, network and error entries beside the replay, failures highlighted', async () => {
    const { page, errors } = await openInspector();
    const items = page.locator('#context-panel .ctx-item');
    expect(await items.count()).toBe(4);
    expect(await items.allInnerTexts()).toEqual([
      expect.stringContaining('slow cart'),
      expect.stringMatching(/POST 500[\s\S]*\/api\/checkout\?step=2/),
      expect.stringMatching(/GET 200[\s\S]*\/api\/cart/),
      expect.stringMatching(/TypeError[\s\S]*total is undefined/),
    ]);
    const bad = await page.locator('#context-panel .ctx-item.ctx-bad').allInnerTexts();
    expect(bad).toEqual([expect.stringContaining('500'), expect.stringContaining('TypeError')]);
    expect(await page.locator('#context-panel .ctx-mark').count()).toBe(4);
    // The session timeline highlights the same failures.
    expect(await page.locator('.timeline li.ctx-bad').count()).toBe(2);
    expect(errors).toEqual([]);
    if (process.env.INSPECTOR_SCREENSHOT)
      await page.screenshot({
        path: process.env.INSPECTOR_SCREENSHOT.replace(/\.png$/, '-context.png'),
      });
    await page.close();
  });

  it('filters by kind', async () => {
    const { page } = await openInspector();
    await page.locator('.ctx-filter[data-kind="network"]').click();
    await page.locator('.ctx-filter[data-kind="console"]').click();
    const kinds = await page
      .locator('#context-panel .ctx-item')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind));
    expect(kinds).toEqual(['error']);
    expect(
      await page.locator('.ctx-filter[data-kind="network"]').getAttribute('aria-pressed'),
    ).toBe('false');
    await page.locator('.ctx-filter[data-kind="network"]').click();
    await page.locator('.ctx-filter[data-kind="console"]').click();
    expect(await page.locator('#context-panel .ctx-item').count()).toBe(4);
    await page.close();
  });

  it('seeks the replay to the entry’s moment', async () => {
    const { page } = await openInspector();
    const clock = page.locator('#replay .rr-timeline__time').first();
    await clock.waitFor();
    expect(await clock.innerText()).toBe('00:00');
    await page.locator('#context-panel .ctx-item.ctx-error').click();
    await expect.poll(() => clock.innerText()).toBe('00:04');
    await page.close();
  });
});
