import { launchChromium } from '@milana-js/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, startPageServer, type PageServer } from './pipeline-page-server.js';

// The five §17.3 plugins driven by real user input in Chromium (trusted events), with the page's
// timers under Playwright's clock so the debounces are stepped, not waited for.

let browser: Browser;
let pages: PageServer;

beforeAll(async () => {
  const [script, launched] = await Promise.all([
    bundle('./fixtures/plugins-page.ts'),
    launchChromium(),
  ]);
  browser = launched;
  pages = await startPageServer(script);
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

interface PluginEvent {
  type: number;
  data: { plugin: string; payload: Record<string, unknown> };
  timestamp: number;
}

async function openPage(path = '/', options: Record<string, unknown> = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.clock.install();
  await page.goto(`${pages.url}${path}`);
  await page.clock.pauseAt(Date.now() + 60_000);
  await page.evaluate((o) => window.__startPlugins(o), options);
  return page;
}

const events = (page: Page, plugin: string): Promise<Record<string, unknown>[]> =>
  page.evaluate(
    (name) =>
      window.__pluginEvents.filter((e) => e.data.plugin === name).map((e) => e.data.payload),
    plugin,
  );

const allEvents = (page: Page): Promise<PluginEvent[]> =>
  page.evaluate(() => window.__pluginEvents);

const SECRETS = ['PARA-SECRET-TEXT', 'FIELD-SECRET-VALUE', 'DOWNLOAD-SECRET-BYTES', 'BLOB-SECRET'];

/** No recorded event may carry any page text the user copied, pasted, typed or downloaded. */
async function expectNoSecrets(page: Page): Promise<void> {
  const json = JSON.stringify(await allEvents(page));
  for (const secret of SECRETS) expect(json).not.toContain(secret);
  expect(json).not.toContain('FIELD');
}

describe('plugins in Chromium', () => {
  it('records clicks with modifiers held, and no plain or scripted click', async () => {
    const page = await openPage();
    await page.click('#plain');
    await page.click('#plain', { modifiers: ['Control'] });
    await page.click('#plain', { modifiers: ['Shift', 'Alt'] });
    await page.click('#plain', { modifiers: ['Meta'] });
    await page.evaluate(() =>
      document
        .getElementById('plain')!
        .dispatchEvent(new MouseEvent('click', { bubbles: true, ctrlKey: true })),
    );
    expect(await events(page, 'milana/click-modifier@1')).toEqual([
      { nodeId: 14, ctrlKey: true, metaKey: false, shiftKey: false, altKey: false },
      { nodeId: 14, ctrlKey: false, metaKey: false, shiftKey: true, altKey: true },
      { nodeId: 14, ctrlKey: false, metaKey: true, shiftKey: false, altKey: false },
    ]);
    await page.close();
  });

  it('records copy, paste and cut made with the keyboard as lengths and offsets, never the text', async () => {
    const page = await openPage();
    // Select "SECRET" inside the input's value "FIELD-SECRET-VALUE" (offset 6, 6 chars).
    await page.click('#field');
    await page.keyboard.press('Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Control+C');
    await page.click('#area');
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Control+V');
    expect(await page.inputValue('#area')).toBe('SECRETSECRET');
    // Select the last 4 pasted chars and cut them.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Control+X');
    // A DOM selection outside fields: the paragraph's text, copied with the keyboard.
    await page.locator('#para').selectText();
    await page.keyboard.press('Control+C');
    // Nothing selected: nothing to record.
    await page.evaluate(() => document.getSelection()!.removeAllRanges());
    await page.keyboard.press('Control+C');

    const paragraph = await page.locator('#para').textContent();
    expect(await events(page, 'milana/clipboard@1')).toEqual([
      { action: 'copy', nodeId: 11, length: 6, offset: 6 },
      { action: 'paste', nodeId: 12, length: 6 },
      { action: 'paste', nodeId: 12, length: 6 },
      { action: 'cut', nodeId: 12, length: 4, offset: 8 },
      { action: 'copy', nodeId: 10, length: paragraph!.length },
    ]);
    await expectNoSecrets(page);
    expect(JSON.stringify(await allEvents(page))).not.toContain('SECRET');
    await page.close();
  });

  it('records the deepest scroll step per path, debounced, flushed on SPA navigation and on stop', async () => {
    const page = await openPage('/docs');
    const depthNow = () =>
      page.evaluate(() => {
        const height = document.documentElement.scrollHeight;
        const bottom = Math.min(height, Math.ceil(window.scrollY + window.innerHeight));
        return Math.min(100, Math.floor((bottom * 10) / height) * 10);
      });
    const start = await depthNow();
    await page.clock.runFor(250);
    expect(await events(page, 'milana/scroll-depth@1')).toEqual([
      { depthPercentage: start, path: '/docs' },
    ]);

    await page.mouse.move(500, 300);
    await page.mouse.wheel(0, 2000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    const middle = await depthNow();
    expect(middle).toBeGreaterThan(start);
    await page.clock.runFor(249);
    expect(await events(page, 'milana/scroll-depth@1')).toHaveLength(1);
    await page.clock.runFor(1);
    expect((await events(page, 'milana/scroll-depth@1'))[1]).toEqual({
      depthPercentage: middle,
      path: '/docs',
    });

    // Scrolling back up reports nothing; reaching the end reports 100 once the debounce ran out.
    await page.mouse.wheel(0, -1500);
    await page.keyboard.press('End');
    await expect.poll(depthNow).toBe(100);
    // An SPA navigation before the debounce ran out: 100 is flushed under the old path first.
    await page.evaluate(() => history.pushState(null, '', '/pricing'));
    expect((await events(page, 'milana/scroll-depth@1')).slice(2)).toEqual([
      { depthPercentage: 100, path: '/docs' },
    ]);
    // The new path is measured once the debounce has let it render (here: shorter content).
    await page.evaluate(() => {
      document.getElementById('tall')!.style.height = '100px';
    });
    await page.clock.runFor(250);
    expect((await events(page, 'milana/scroll-depth@1')).slice(3)).toEqual([
      { depthPercentage: 100, path: '/pricing' },
    ]);

    // A pending depth is flushed on stop.
    await page.evaluate(() => {
      document.getElementById('tall')!.style.height = '5000px';
      window.scrollTo(0, 0);
      history.pushState(null, '', '/blog');
    });
    await page.mouse.wheel(0, 1000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    const pending = await depthNow();
    await page.evaluate(() => window.__stopPlugins());
    expect((await events(page, 'milana/scroll-depth@1')).slice(4)).toEqual([
      { depthPercentage: pending, path: '/blog' },
    ]);
    await page.close();
  });

  it('records programmatic <a download> clicks with data: URLs redacted and unnamed files marked', async () => {
    const page = await openPage();
    await page.click('#dl-data');
    await page.click('#dl-blob');
    await expect.poll(() => events(page, 'milana/download@1')).toHaveLength(2);
    const [data, blob] = await events(page, 'milana/download@1');
    expect(data).toEqual({
      href: 'data:text/plain;charset=utf-8,[redacted]',
      downloadFilename: 'notes.txt',
    });
    expect(blob).toEqual({
      href: expect.stringMatching(new RegExp(`^blob:${pages.url}/[0-9a-f-]{36}$`)),
      downloadFilename: '(unknown file)',
    });
    await expectNoSecrets(page);
    await page.close();
  });

  it('records typing in a contenteditable as one debounced host event, and a paste at once', async () => {
    const page = await openPage();
    await page.click('#bold');
    await page.keyboard.type('abc');
    await page.clock.runFor(119);
    expect(await events(page, 'milana/contenteditable@1')).toEqual([]);
    await page.clock.runFor(1);
    expect(await events(page, 'milana/contenteditable@1')).toEqual([{ hostId: 13 }]);

    // Copy a word from the field, then paste it into the editor: flushed without waiting.
    await page.click('#field');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await page.click('#bold');
    await page.keyboard.press('Control+V');
    expect(await events(page, 'milana/contenteditable@1')).toEqual([
      { hostId: 13 },
      { hostId: 13 },
    ]);

    // Typing then stopping: the pending flush is dropped.
    await page.keyboard.type('z');
    await page.evaluate(() => window.__stopPlugins());
    await page.clock.runFor(1000);
    expect(await events(page, 'milana/contenteditable@1')).toHaveLength(2);
    await expectNoSecrets(page);
    await page.close();
  });

  it('records no contenteditable edits when disableContentEditableRecording is set', async () => {
    const page = await openPage('/', { disableContentEditableRecording: true });
    await page.click('#bold');
    await page.keyboard.type('abc');
    await page.clock.runFor(1000);
    expect(await events(page, 'milana/contenteditable@1')).toEqual([]);
    await page.close();
  });

  it('never logs a plugin failure during any of this', async () => {
    const page = await openPage();
    await page.click('#plain', { modifiers: ['Control'] });
    await page.click('#bold');
    await page.keyboard.type('x');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await page.clock.runFor(1000);
    expect(await page.evaluate(() => window.__pluginLog)).toEqual([]);
    await page.close();
  });
});
