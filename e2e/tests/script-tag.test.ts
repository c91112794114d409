import { expect, it } from 'vitest';
import { watchConsole } from '../src/browser.js';
import { describeDemoFlow } from '../src/demo-suite.js';

type StubWindow = { Milana: (...args: unknown[]) => void; _milanaQueue: { length?: number } };

describeDemoFlow(
  'script-tag',
  { showsState: false, homePath: '/index.html', accountPath: '/account.html' },
  ({ browser, api, url }) => {
    it('replays the calls made before milana.js loaded, in order, as caller type cdn', async () => {
      await api.reset();
      const context = await browser().newContext();
      const page = await context.newPage();
      const problems = watchConsole(page);
      try {
        // Hold milana.js back so every click below lands in the stub's queue first.
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        await page.route('**/milana.js', async (route) => {
          await gate;
          await route.continue();
        });
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        for (const testId of ['sign-in', 'upgrade-plan', 'set-context', 'track-event']) {
          await page.click(`[data-testid="${testId}"]`);
        }
        await page.evaluate(() =>
          (window as unknown as StubWindow).Milana('trackEvent', 'preload.after-export'),
        );

        // init plus five commands wait in the stub's queue, and nothing has reached the server.
        expect(
          await page.evaluate(() => (window as unknown as StubWindow)._milanaQueue.length),
        ).toBe(6);
        expect(await api.sessions()).toEqual([]);

        release();
        const session = await api.waitFor('the queued identity calls', async () => {
          const [first] = await api.sessions();
          if (!first) return undefined;
          const detail = await api.session(first.id);
          return detail.user?.metadata.plan === 'team' && detail.metadata.flow === 'onboarding'
            ? detail
            : undefined;
        });
        // identify (plan free) ran before updateUser (plan team): the later value won.
        expect(session.user?.metadata).toEqual({ plan: 'team', signedUpVia: 'example' });
        expect(session.client.callerType).toBe('cdn');

        await page.evaluate(() => (window as unknown as StubWindow).Milana('stopRecording'));
        const tracked = await api.waitFor('the queued events', async () => {
          const names = (await api.timeline(session.id))
            .filter((e) => e.kind === 'track')
            .map((e) => e.name);
          return names.includes('preload.after-export') ? names : undefined;
        });
        expect(tracked).toEqual(['report.exported', 'preload.after-export']);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  },
);
