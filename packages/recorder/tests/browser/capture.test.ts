import { launchChromium } from '@milana-js/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URL_DEBOUNCE_MS } from '../../src/capture/url-tracker.js';
import type { RecorderOptions } from '../../src/host.js';
import { SECRETS, startCaptureServer, type CaptureServer } from './fixtures/capture-server.js';

// The whole capture layer (rrweb + privacy + URL/focus events + plugins) recording real pages in
// Chromium. Events are serialised at emit time, exactly as the pipeline would send them.

let browser: Browser;
let server: CaptureServer;

beforeAll(async () => {
  [server, browser] = await Promise.all([startCaptureServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface RecordedEvent {
  type: number;
  data: Record<string, unknown>;
  timestamp: number;
}

const recorded = async (page: Page): Promise<RecordedEvent[]> =>
  (await page.evaluate(() => window.__captureEvents)).map(
    (json) => JSON.parse(json) as RecordedEvent,
  );

const serialized = async (page: Page): Promise<string> =>
  (await page.evaluate(() => window.__captureEvents)).join('\n');

/** Open the test page and start the capture; resolves once rrweb took its full snapshot. */
async function openRecorded(
  options: RecorderOptions = {},
  path = '/app?token=abc&tab=1#frag',
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(`${server.url}${path}`);
  await page.evaluate((o) => window.__captureStart(o), options);
  await page.waitForFunction(() => window.__captureRun?.started === true);
  return page;
}

const customPayloads = async (page: Page): Promise<Record<string, unknown>[]> =>
  (await recorded(page))
    .filter((e) => e.type === 5 && e.data.tag === 'V')
    .map((e) => e.data.payload as Record<string, unknown>);

/** The rrweb mirror id the full snapshot gave the element with this `id` attribute. */
function snapshotId(events: RecordedEvent[], elementId: string): number | undefined {
  const full = events.find((e) => e.type === 2);
  const stack: unknown[] = [full?.data.node];
  while (stack.length > 0) {
    const node = stack.pop() as
      { id: number; attributes?: Record<string, unknown>; childNodes?: unknown[] } | undefined;
    if (node === undefined) continue;
    if (node.attributes?.id === elementId) return node.id;
    stack.push(...(node.childNodes ?? []));
  }
  return undefined;
}

/** Type into every sensitive field and add masked text after the snapshot. */
async function exerciseSensitiveInput(page: Page): Promise<void> {
  await page.fill('#password', '');
  await page.type('#password', 'TYPED-PASSWORD');
  await page.fill('#email', '');
  await page.type('#email', 'TYPED-EMAIL@example.com');
  await page.fill('#tel', '');
  await page.type('#tel', 'TYPED-TEL-555');
  await page.type('#in-mask', 'TYPED-IN-MASK');
  await page.type('#name', ' TYPED-NAME');
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'DYNAMIC-MASKED-SECRET';
    document.getElementById('masked')!.appendChild(p);
    document.getElementById('masked')!.firstChild!.textContent = 'MASKED-TEXT-SECRET again';
  });
  // The mutation batch is emitted after a microtask; wait until it is in.
  await page.waitForFunction(() =>
    window.__captureEvents.some((e) => e.includes('"source":0') && e.includes('"adds"')),
  );
}

describe('capture in Chromium', () => {
  it('emits valid rrweb events: a Meta event, then a full snapshot of the document, then incremental events', async () => {
    const page = await openRecorded();
    await page.focus('#name');
    await page.keyboard.press('End');
    await page.keyboard.type('x');
    const events = await recorded(page);
    expect(events[0]?.type).toBe(4);
    expect(events[1]?.type).toBe(2);
    const full = events[1]!.data as {
      node: { type: number; childNodes: unknown[] };
      initialOffset: object;
    };
    expect(full.node.type).toBe(0);
    expect(full.node.childNodes.length).toBeGreaterThan(0);
    expect(full.initialOffset).toEqual({ left: 0, top: 0 });
    for (const event of events) {
      expect(Number.isInteger(event.type)).toBe(true);
      expect(typeof event.timestamp).toBe('number');
      expect(event.data).toBeTypeOf('object');
    }
    const input = events.find((e) => e.type === 3 && e.data.source === 5);
    expect(input?.data).toMatchObject({ text: 'INITIAL-NAMEx', userTriggered: true });
    await page.close();
  });

  it('sanitises the Meta event href', async () => {
    const page = await openRecorded();
    const meta = (await recorded(page)).find((e) => e.type === 4);
    expect(meta?.data.href).toBe(`${server.url}/app?token=--redacted--&tab=1`);
    expect(await serialized(page)).not.toContain('token=abc');
    await page.close();
  });

  for (const maskingLevel of ['normal', 'high', 'xhigh'] as const) {
    it(`never records masked text, blocked content or password, email and tel values at the ${maskingLevel} level`, async () => {
      const page = await openRecorded({ privacy: { maskingLevel, unmaskClass: 'milana-unmask' } });
      await exerciseSensitiveInput(page);
      const json = await serialized(page);
      for (const secret of SECRETS) expect(json, secret).not.toContain(secret);
      await page.close();
    });
  }

  it('records ordinary text and typed text as is at the normal level', async () => {
    const page = await openRecorded();
    await exerciseSensitiveInput(page);
    const json = await serialized(page);
    expect(json).toContain('PUBLIC-TEXT');
    expect(json).toContain('INITIAL-NAME');
    expect(json).toContain('TYPED-NAME');
    await page.close();
  });

  it('masks every input but keeps page text at the high level, except inside milana-unmask', async () => {
    const page = await openRecorded({ privacy: { maskingLevel: 'high' } });
    await page.type('#name', 'ABC');
    await page.type('#unmasked-input', 'OPEN-VALUE');
    const json = await serialized(page);
    expect(json).toContain('PUBLIC-TEXT');
    expect(json).not.toContain('INITIAL-NAME');
    expect(json).toContain('OPEN-VALUE');
    await page.close();
  });

  it('masks all text and blocks images at the xhigh level, except inside milana-unmask', async () => {
    const page = await openRecorded({ privacy: { maskingLevel: 'xhigh' } });
    const events = await recorded(page);
    const json = await serialized(page);
    expect(json).not.toContain('PUBLIC-TEXT');
    expect(json).not.toContain('Edit here');
    expect(json).toContain('UNMASKED-TEXT');
    expect(json).not.toContain('data:image/gif');
    // A blocked element keeps only its size, so the replay shows an empty box in its place.
    expect(json).toMatch(/"tagName":"img","attributes":\{"rr_width":"20px","rr_height":"20px"\}/);
    expect(events.some((e) => e.type === 2)).toBe(true);
    await page.close();
  });

  it('uses width-matched placeholders for masked text with layout preserving masking', async () => {
    const page = await openRecorded({ privacy: { shouldUseLayoutPreservingMasking: true } });
    const json = await serialized(page);
    // MASKED-TEXT-SECRET: M is one of the widest glyphs (@), other capitals &, dashes *
    expect(json).toContain('@&&&&&*&&&&*&&&&&&');
    await page.close();
  });

  it('warns about an invalid selector and still records', async () => {
    const page = await openRecorded({ privacy: { blockSelector: 'div[[' } });
    expect(await page.evaluate(() => window.__captureLog)).toEqual([
      expect.stringMatching(/^warn init: privacy\.blockSelector must be a valid CSS selector/),
    ]);
    expect((await recorded(page)).some((e) => e.type === 2)).toBe(true);
    await page.close();
  });

  it('records the load, then path and query changes as Milana custom events, and nothing for a hash change', async () => {
    const page = await openRecorded();
    await page.evaluate(() => history.pushState(null, '', '/reports?token=abc'));
    await page.waitForFunction(() => window.__captureEvents.some((e) => e.includes('"pushstate"')));
    await page.evaluate(() => history.replaceState(null, '', '/reports?token=abc&sort=desc'));
    await page.waitForFunction(() =>
      window.__captureEvents.some((e) => e.includes('"replacestate"')),
    );
    await page.evaluate(() => history.pushState(null, '', '/reports?token=abc&sort=desc#row-4'));
    await page.evaluate(() => window.__captureAdd({ type: 1, name: 'marker', attributes: {} }));
    const payloads = await customPayloads(page);
    expect(payloads.filter((p) => p.type === 2 || p.type === 3)).toEqual([
      {
        type: 2,
        name: 'load',
        attributes: {
          url: `${server.url}/app?token=--redacted--&tab=1`,
          navigationType: 'navigate',
          title: 'Capture page',
        },
      },
      {
        type: 2,
        name: 'pushstate',
        attributes: { url: `${server.url}/reports?token=--redacted--`, title: 'Capture page' },
      },
      {
        type: 3,
        name: 'replacestate',
        attributes: { url: `${server.url}/reports?token=--redacted--&sort=desc` },
      },
    ]);
    await page.close();
  });

  it('records window focus changes deduplicated', async () => {
    const page = await openRecorded();
    await page.evaluate(() => {
      window.dispatchEvent(new FocusEvent('focus'));
      window.dispatchEvent(new FocusEvent('focus'));
    });
    const focus = (await customPayloads(page)).filter((p) => p.type === 5);
    expect(focus).toEqual([{ type: 5, hasFocus: await page.evaluate(() => document.hasFocus()) }]);
    await page.close();
  });

  it('emits every plugin through the capture with rrweb mirror ids', async () => {
    const page = await openRecorded();
    const events = await recorded(page);
    await page.click('#mod-btn', { modifiers: ['Shift'] });
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById('copy-me')!);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await page.keyboard.press('Control+c');
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'data:text/plain,DOWNLOAD-BYTES';
      a.download = 'notes.txt';
      document.body.appendChild(a);
      a.remove();
    });
    await page.click('#editor p');
    await page.keyboard.type('!');
    await page.mouse.wheel(0, 4000);
    const names = [
      'milana/click-modifier@1',
      'milana/clipboard@1',
      'milana/download@1',
      'milana/contenteditable@1',
      'milana/scroll-depth@1',
    ];
    await page.waitForFunction(
      (wanted) =>
        wanted.every((name) =>
          window.__captureEvents.some((e) => e.includes(`"plugin":"${name}"`)),
        ),
      names,
    );
    const plugins = (await recorded(page)).filter((e) => e.type === 6).map((e) => e.data);
    const byName = (name: string) =>
      plugins.find((d) => d.plugin === name)?.payload as Record<string, unknown>;
    expect(byName('milana/click-modifier@1')).toEqual({
      nodeId: snapshotId(events, 'mod-btn'),
      ctrlKey: false,
      metaKey: false,
      shiftKey: true,
      altKey: false,
    });
    expect(byName('milana/clipboard@1')).toMatchObject({
      action: 'copy',
      length: 'COPY-SOURCE'.length,
    });
    expect(byName('milana/download@1')).toEqual({
      href: 'data:text/plain,[redacted]',
      downloadFilename: 'notes.txt',
    });
    expect(byName('milana/contenteditable@1')).toEqual({ hostId: snapshotId(events, 'editor') });
    expect(byName('milana/scroll-depth@1')).toMatchObject({ path: '/app' });
    expect(await serialized(page)).not.toContain('DOWNLOAD-BYTES');
    await page.close();
  });

  it('stops emitting and restores the native history methods on stop', async () => {
    const page = await openRecorded();
    await page.evaluate(() => window.__captureStop());
    const count = (await recorded(page)).length;
    const native = await page.evaluate(async (debounceMs) => {
      document.body.appendChild(document.createElement('section'));
      history.pushState(null, '', '/after-stop');
      window.__captureAdd({ type: 1, name: 'late', attributes: {} });
      const restored = history.pushState.toString().includes('[native code]');
      // Anything still wired up would be delivered by now: rrweb's mutation callback ran as a
      // microtask, and a timer with the URL debounce, set after the pushState, fires after the
      // tracker's debounce timer would have (timers of equal delay run in the order they were set).
      await new Promise((resolve) => setTimeout(resolve, debounceMs));
      return restored;
    }, URL_DEBOUNCE_MS);
    expect(native).toBe(true);
    expect(await recorded(page)).toHaveLength(count);
    await page.close();
  });

  it('records a cross-origin iframe that started recording before the parent did', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/iframe-parent`);
    const child = page.frames().find((frame) => frame.url().startsWith(server.otherOriginUrl));
    expect(child).toBeDefined();
    // The child starts recording on the task after its load (its idle callback is a 0 ms timer,
    // see capture-server.ts): a 0 ms timer set now runs after it.
    await child!.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    await page.evaluate(() => window.__captureStart({ shouldRecordCrossOriginIframes: true }));
    await page.waitForFunction(() =>
      window.__captureEvents.some((e) => e.includes('IFRAME-CHILD-TEXT')),
    );
    const attach = (await recorded(page)).find(
      (e) =>
        e.type === 3 &&
        e.data.isAttachIframe === true &&
        JSON.stringify(e.data).includes('IFRAME-CHILD-TEXT'),
    );
    expect(attach?.data.source).toBe(0);
    await page.close();
  });

  it('asks the cross-origin iframe for a new snapshot when the capture begins again after a restart', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/iframe-parent`);
    const child = page.frames().find((frame) => frame.url().startsWith(server.otherOriginUrl));
    await child!.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    await page.evaluate(() => window.__captureStart({ shouldRecordCrossOriginIframes: true }));
    await page.waitForFunction(() =>
      window.__captureEvents.some((e) => e.includes('IFRAME-CHILD-TEXT')),
    );
    // The held capture for the next session (§16) starts its recording again from scratch.
    await page.evaluate(() => {
      window.__captureEvents.length = 0;
      window.__captureRun!.renew();
    });
    await page.waitForFunction(() =>
      window.__captureEvents.some((e) => e.includes('IFRAME-CHILD-TEXT')),
    );
    const events = await recorded(page);
    expect(events.slice(0, 2).map((e) => e.type)).toEqual([4, 2]);
    expect(
      events.some(
        (e) =>
          e.type === 3 &&
          e.data.isAttachIframe === true &&
          JSON.stringify(e.data).includes('IFRAME-CHILD-TEXT'),
      ),
    ).toBe(true);
    await page.close();
  });
});
