import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type Browser } from './browser.js';
import {
  CARD_NUMBER,
  DEMO_USER_ID,
  routePaths,
  runDemoFlow,
  type DemoFlowResult,
  type ExampleTraits,
} from './demo-flow.js';
import { DevServerApi } from './dev-server-api.js';
import type { ExampleName } from './examples.js';

/** Short excerpts of `body` around each occurrence of any `needles`, for readable failures. */
function excerptsAround(body: string, needles: string[]): string[] {
  const found: string[] = [];
  for (const needle of needles) {
    for (let at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + needle.length)) {
      found.push(`…${body.slice(Math.max(0, at - 60), at + needle.length + 20)}…`);
    }
  }
  return found;
}

/** The dev server API and where `name` is served, as the global setup provided them. */
export function exampleUnderTest(name: ExampleName): { api: DevServerApi; url: string } {
  return { api: new DevServerApi(inject('devServerUrl')), url: inject('exampleUrls')[name] };
}

/**
 * The checks every example must pass, over one run of the demo flow (see `runDemoFlow`).
 * `extra` adds example-specific tests inside the same describe, sharing the browser.
 */
export function describeDemoFlow(
  name: ExampleName,
  traits: ExampleTraits,
  extra?: (context: { browser: () => Browser; api: DevServerApi; url: string }) => void,
): void {
  describe(`the ${name} example`, () => {
    const { api, url } = exampleUnderTest(name);
    let browser: Browser;
    let flow: DemoFlowResult;

    beforeAll(async () => {
      browser = await launchBrowser();
      flow = await runDemoFlow(browser, api, url, traits);
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('starts exactly one session for the page load and keeps it across route changes', () => {
      expect(flow.sessionsAfterLoad).toHaveLength(1);
      expect(flow.sessionsAfterNavigation).toEqual(flow.sessionsAfterLoad);
      expect(flow.session.sampled).toBe(true);
    });

    it('attaches the demo user with the plan change merged into its metadata', () => {
      expect(flow.session.userId).toBe(DEMO_USER_ID);
      expect(flow.session.user).toMatchObject({
        userId: DEMO_USER_ID,
        email: 'ada@example.org',
        name: 'Ada Demo',
        metadata: { plan: 'team', signedUpVia: 'example' },
      });
    });

    it('stores the session context next to the metadata given at init', () => {
      expect(flow.session.metadata).toMatchObject({
        stack: name,
        flow: 'onboarding',
        step: 'billing',
      });
    });

    it('records the tracked event with its attributes', () => {
      const tracked = flow.timeline.filter((entry) => entry.kind === 'track');
      expect(tracked.map((entry) => entry.name)).toContain('report.exported');
      expect(tracked.find((entry) => entry.name === 'report.exported')?.data.attributes).toEqual({
        format: 'csv',
        rows: 120,
      });
    });

    it('records the visit to the account page and the way back home', () => {
      const paths = routePaths(flow.timeline);
      const account = paths.indexOf(traits.accountPath);
      expect(account, `route events: ${paths.join(', ')}`).toBeGreaterThanOrEqual(0);
      expect(paths.slice(account + 1), `route events: ${paths.join(', ')}`).toContain(
        traits.homePath,
      );
    });

    it("never sends the masked card field's value, only its mask", () => {
      const digits = CARD_NUMBER.replaceAll(' ', '');
      const leaks = flow.bodies.flatMap((body) => excerptsAround(body, [CARD_NUMBER, digits]));
      expect(leaks, 'stored bodies that contain the card number').toEqual([]);
      // The typing was recorded, masked (every character, or every non-space one, as a `*`), so
      // the check above looked at the right events.
      const masks = ['*'.repeat(CARD_NUMBER.length), CARD_NUMBER.replace(/\S/g, '*')];
      expect(flow.bodies.some((body) => masks.some((mask) => body.includes(`"${mask}"`)))).toBe(
        true,
      );
    });

    it('resumes the same session after a reload', () => {
      expect(flow.sessionsAfterReload).toEqual(flow.sessionsAfterLoad);
      expect(flow.resumesAfterReload).toBeGreaterThan(flow.resumesBeforeReload);
      if (traits.showsState) {
        expect(flow.pageSessionIdBeforeReload).toBe(flow.sessionsAfterLoad[0]);
        expect(flow.pageSessionIdAfterReload).toBe(flow.sessionsAfterLoad[0]);
      }
    });

    it('closes the session when the user signs out', () => {
      expect(flow.session.closed).toBe(true);
      expect(flow.session.closeReason).toBe('client-abort');
    });

    it('logs no console errors or warnings and throws no page errors', () => {
      expect(flow.consoleProblems).toEqual([]);
    });

    extra?.({ browser: () => browser, api, url });
  });
}
