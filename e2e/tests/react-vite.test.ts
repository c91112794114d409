import type { Page, Request } from 'playwright-core';
import { expect, inject, it } from 'vitest';
import { contextCaptureTest } from '../src/context-capture.js';
import { describeDemoFlow } from '../src/demo-suite.js';
import { DEMO_USER_ID } from '../src/demo-flow.js';

const byTestId = (testId: string) => `[data-testid="${testId}"]`;

function waitForText(page: Page, testId: string, text: string): Promise<unknown> {
  return page.waitForFunction(
    ([selector, expected]) => document.querySelector(selector!)?.textContent?.trim() === expected,
    [byTestId(testId), text],
    { timeout: 20_000 },
  );
}

describeDemoFlow(
  'react-vite',
  { showsState: true, homePath: '/', accountPath: '/account', consentBanner: true },
  ({ browser, api, url }) => {
    const devServer = inject('devServerUrl');

    contextCaptureTest(browser, api, devServer, url);

    it('sends and stores nothing while the banner waits; the identify made meanwhile arrives after Accept', async () => {
      await api.reset();
      const context = await browser().newContext();
      const page = await context.newPage();
      // Every request the page makes to the dev server, with a marker where the visitor accepts.
      const log: string[] = [];
      page.on('request', (request: Request) => {
        if (request.url().startsWith(devServer)) log.push(new URL(request.url()).pathname);
      });
      try {
        await page.goto(url);
        await waitForText(page, 'milana-status', 'awaiting-consent');
        await page.click(byTestId('sign-in'));
        await page.waitForLoadState('networkidle');
        expect(log).toEqual([]);
        expect(await api.sessions()).toEqual([]);
        expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
        expect(await page.textContent(byTestId('last-result'))).toBe('none');

        log.push('accept');
        await page.click(byTestId('consent-accept'));
        await waitForText(page, 'last-result', 'identify: ok');
        const [session] = await api.sessions();
        expect((await api.session(session!.id)).userId).toBe(DEMO_USER_ID);
        expect(log.slice(0, 2)).toEqual(['accept', '/session']);
        expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([
          'milana_session_state',
        ]);
      } finally {
        await context.close();
      }
    });

    it('sends nothing of what was buffered when the visitor withdraws consent', async () => {
      await api.reset();
      const context = await browser().newContext();
      const page = await context.newPage();
      try {
        await page.goto(url);
        await page.click(byTestId('consent-accept'));
        await waitForText(page, 'milana-status', 'recording');
        const [first] = await api.sessions();
        // Buffered by the recorder (the regular send is every 10 s), then withdrawn at once.
        await page.click(byTestId('track-event'));
        await page.click(byTestId('consent-decline'));
        await waitForText(page, 'milana-status', 'stopped');
        expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);

        // A new grant starts a new session; once its recorder's first /batch is stored, a
        // withdrawal batch of the first session (sent before it, if at all) would be too.
        await page.click(byTestId('consent-accept'));
        const second = await api.waitFor('a second session', async () =>
          (await api.sessions()).find((s) => s.id !== first!.id),
        );
        await api.waitFor('the second session to send a batch', async () =>
          (await api.requests(second.id)).some((r) => r.endpoint === 'batch') ? true : undefined,
        );
        // Endpoints of the stored requests that carry the event (bodies are too long to print).
        const carrying = async (id: string) =>
          (await api.requests(id))
            .filter((r) => r.body.includes('report.exported'))
            .map((r) => r.endpoint);
        expect(await carrying(first!.id)).toEqual([]);
        expect((await api.session(first!.id)).closeReason).not.toBe('client-abort');
        expect(await carrying(second.id)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
);
