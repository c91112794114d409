import { launchChromium, startTestServer, type TestServer } from '@milana-js/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RecorderOptions } from '../../src/host.js';
import { bundle, startPageServer, type PageServer } from './pipeline-page-server.js';

// The privacy options of api.md ("Privacy options: exact semantics") with real rrweb in Chromium,
// checked on what reaches the server: the bodies of every /batch the recorder sent.

let browser: Browser;
let ingest: TestServer;
let pages: PageServer;

beforeAll(async () => {
  const [script, server, launched] = await Promise.all([
    bundle('./fixtures/privacy-page.ts'),
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

beforeEach(() => ingest.reset());

type Event = { type: number; data: Record<string, unknown> };

interface Recording {
  /** Every /batch body, joined: what the server stored. */
  text: string;
  events: Event[];
}

/**
 * Record `html` with `options`, let `act` interact with the page, then stop the recorder the way
 * `stopRecording()` does (client-abort batch, then the final /metrics) and collect every /batch
 * body. Timers run on playwright's clock, so no periodic send races the abort batch.
 */
async function record(
  html: string,
  options: RecorderOptions,
  act: (page: Page) => Promise<void> = async () => undefined,
): Promise<Recording> {
  const page = await browser.newPage();
  try {
    const t0 = Date.now();
    await page.clock.install({ time: t0 });
    await page.goto(`${pages.url}/?endpoint=${encodeURIComponent(ingest.url)}`);
    await page.clock.pauseAt(t0 + 60_000);
    await page.evaluate(([h, o]) => window.__startPrivacy(h, o), [html, options] as const);
    // rrweb starts at the first idle period, which the fake clock gives well before a second.
    await page.clock.runFor(1_000);
    await act(page);
    await page.evaluate(() => window.__recorder.stop('abort'));
    await ingest.waitFor('/metrics', 1);
    const sends = await page.evaluate(() => window.__sends.length);
    await page.evaluate((n) => window.__settled(n), sends);
    const batches = ingest.requestsTo('/batch');
    const events = batches.flatMap((r) => (r.json as { events: Event[] }).events);
    // Not vacuous: the page itself was recorded.
    expect(events.some((e) => e.type === 2)).toBe(true);
    return { text: batches.map((r) => r.bodyText).join('\n'), events };
  } finally {
    await page.close();
  }
}

/** The values of the input events (rrweb incremental source 5) in the recording. */
const inputTexts = (recording: Recording): unknown[] =>
  recording.events.filter((e) => e.type === 3 && e.data.source === 5).map((e) => e.data.text);

const UNMASK_HTML = `
  <div class="milana-unmask"><span>Secret words</span></div>
  <p class="open">OPEN-TEXT</p>`;

/** Adds text inside the milana-unmask element after the snapshot (rrweb's mutation path). */
async function addLaterSecret(page: Page): Promise<void> {
  await page.evaluate(() => {
    const span = document.createElement('span');
    span.textContent = 'LATER-SECRET';
    document.querySelector('.milana-unmask')!.append(span);
  });
  await page.clock.runFor(100);
}

describe('privacy options in Chromium, as the server receives them', () => {
  it('with unmaskClass "" at xhigh, never sends the text of a milana-unmask element', async () => {
    const recording = await record(
      UNMASK_HTML,
      { privacy: { maskingLevel: 'xhigh', unmaskClass: '' } },
      addLaterSecret,
    );
    expect(recording.text).not.toContain('Secret words');
    expect(recording.text).not.toContain('LATER-SECRET');
    expect(recording.text).not.toContain('OPEN-TEXT');
    expect(recording.text).toContain('****** *****');
  });

  it('at xhigh without unmaskClass, milana-unmask still unmasks (the default class)', async () => {
    const recording = await record(
      UNMASK_HTML,
      { privacy: { maskingLevel: 'xhigh' } },
      addLaterSecret,
    );
    expect(recording.text).toContain('Secret words');
    expect(recording.text).toContain('LATER-SECRET');
    expect(recording.text).not.toContain('OPEN-TEXT');
  });

  it('a custom unmaskClass replaces milana-unmask', async () => {
    const recording = await record(
      UNMASK_HTML,
      { privacy: { maskingLevel: 'xhigh', unmaskClass: 'open' } },
      addLaterSecret,
    );
    expect(recording.text).toContain('OPEN-TEXT');
    expect(recording.text).not.toContain('Secret words');
    expect(recording.text).not.toContain('LATER-SECRET');
  });

  const URL_HTML = `
    <input id="site" type="url" value="https://initial.example/URL-INITIAL">
    <input id="name" type="text" value="NAME-INITIAL">`;
  const typeUrl = async (page: Page): Promise<void> => {
    await page.type('#site', 'URL-TYPED');
    await page.type('#name', 'NAME-TYPED');
  };

  for (const maskInputTypes of [{ url: true }, ['url']]) {
    it(`with maskInputTypes ${JSON.stringify(maskInputTypes)}, never sends a url input's value`, async () => {
      const recording = await record(URL_HTML, { privacy: { maskInputTypes } }, typeUrl);
      expect(recording.text).not.toContain('URL-INITIAL');
      expect(recording.text).not.toContain('URL-TYPED');
      expect(recording.text).not.toContain('initial.example');
      // Other inputs stay recorded at the normal level; the url input's events carry stars.
      expect(recording.text).toContain('NAME-TYPED');
      expect(inputTexts(recording)).toContainEqual(expect.stringMatching(/^\*{30,}$/));
    });
  }

  it('without maskInputTypes, a url input is recorded as typed at the normal level', async () => {
    const recording = await record(URL_HTML, {}, typeUrl);
    expect(recording.text).toContain('URL-INITIAL');
    expect(recording.text).toContain('URL-TYPED');
  });

  it('with blockClass /secret/y, blocks secret-x but records not-secret, and milana-block no longer blocks', async () => {
    const recording = await record(
      `<div class="not-secret">NOT-SECRET-CONTENT</div>
       <div class="secret-x">SECRET-X-CONTENT</div>
       <div class="milana-block">DEFAULT-BLOCK-CONTENT</div>`,
      { privacy: { blockClass: /secret/y } },
      async (page) => {
        await page.evaluate(() => {
          document.querySelector('.secret-x')!.textContent = 'SECRET-X-LATER';
          document.querySelector('.not-secret')!.textContent = 'NOT-SECRET-LATER';
        });
        await page.clock.runFor(100);
      },
    );
    expect(recording.text).toContain('NOT-SECRET-CONTENT');
    expect(recording.text).toContain('NOT-SECRET-LATER');
    expect(recording.text).not.toContain('SECRET-X-CONTENT');
    expect(recording.text).not.toContain('SECRET-X-LATER');
    expect(recording.text).toContain('DEFAULT-BLOCK-CONTENT');
  });

  it('with a RegExp ignoreClass, sends no input event of a matching field', async () => {
    const recording = await record(
      '<input id="quiet" class="quiet-field" type="text"><input id="loud" type="text">',
      { privacy: { ignoreClass: /^quiet/ } },
      async (page) => {
        await page.type('#quiet', 'IGNORED-TYPING');
        await page.type('#loud', 'KEPT-TYPING');
      },
    );
    expect(recording.text).not.toContain('IGNORED');
    expect(inputTexts(recording)).toContain('KEPT-TYPING');
  });
});
