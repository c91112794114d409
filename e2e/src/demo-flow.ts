import type { Browser, Page } from './browser.js';
import { watchConsole } from './browser.js';
import type { ApiSession, DevServerApi, TimelineEntry } from './dev-server-api.js';

/** What the examples sign in as (see each example's milana config). */
export const DEMO_USER_ID = 'demo_user_42';
/** Typed into the masked card field; it must never reach the server. */
export const CARD_NUMBER = '4111 1111 1111 1111';

/** How an example differs from the others, as far as the flow is concerned. */
export interface ExampleTraits {
  /** The page shows `milana-status`, `session-id` and awaited `last-result` (all but the script tag). */
  showsState: boolean;
  /** Paths of the two routes, as the URL events report them. */
  homePath: string;
  accountPath: string;
  /** The page asks for consent first (`consent-accept`); the answer is kept across the reload. */
  consentBanner?: boolean;
}

/** Everything the flow saw, for the tests to check one property each. */
export interface DemoFlowResult {
  sessionsAfterLoad: string[];
  sessionsAfterNavigation: string[];
  sessionsAfterReload: string[];
  resumesBeforeReload: number;
  resumesAfterReload: number;
  /** The `session-id` text before and after the reload (null for the script tag). */
  pageSessionIdBeforeReload: string | null;
  pageSessionIdAfterReload: string | null;
  session: ApiSession;
  timeline: TimelineEntry[];
  /** Every stored request body of every session, exactly as the server received it. */
  bodies: string[];
  consoleProblems: string[];
}

const byTestId = (testId: string) => `[data-testid="${testId}"]`;

function waitForText(page: Page, testId: string, text: string): Promise<unknown> {
  return page.waitForFunction(
    ([selector, expected]) => document.querySelector(selector!)?.textContent?.trim() === expected,
    [byTestId(testId), text],
    { timeout: 20_000 },
  );
}

/** Polls `probe` until `done` holds or time runs out, and returns the last value either way. */
async function settle<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    value = await probe();
  }
  return value;
}

/**
 * Drives one example the way a person would: load, sign in, upgrade the plan, set session
 * context, track an event, visit the account page and type into the masked field, go back home,
 * reload, sign out. After each step it waits for the dev server to show the effect.
 */
export async function runDemoFlow(
  browser: Browser,
  api: DevServerApi,
  url: string,
  traits: ExampleTraits,
): Promise<DemoFlowResult> {
  await api.reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleProblems = watchConsole(page);
  try {
    const sessionIds = async () => (await api.sessions()).map((s) => s.id);
    const current = async () => api.session((await api.sessions())[0]!.id);
    const click = async (testId: string, settled?: string) => {
      await page.click(byTestId(testId));
      if (traits.showsState && settled) await waitForText(page, 'last-result', settled);
    };

    await page.goto(url);
    if (traits.consentBanner) await page.click(byTestId('consent-accept'));
    const sessionId = await api.waitFor(
      'the page load to start a session',
      async () => (await sessionIds())[0],
    );
    if (traits.showsState) await waitForText(page, 'milana-status', 'recording');
    const sessionsAfterLoad = await sessionIds();

    await click('sign-in', 'identify: ok');
    await api.waitFor('the demo user to be attached', async () =>
      (await api.session(sessionId)).userId === DEMO_USER_ID ? true : undefined,
    );
    await click('upgrade-plan', 'updateUser: ok');
    await api.waitFor('the plan change', async () =>
      (await api.session(sessionId)).user?.metadata.plan === 'team' ? true : undefined,
    );
    await click('set-context', 'updateSession: ok');
    await api.waitFor('the session context', async () =>
      (await api.session(sessionId)).metadata.flow === 'onboarding' ? true : undefined,
    );
    await click('track-event');

    await page.click(byTestId('nav-account'));
    await page.waitForSelector(byTestId('page-account'));
    await page.locator(byTestId('card-number')).pressSequentially(CARD_NUMBER);
    // A visit shorter than the 100 ms route debounce (protocol §17.2) is rightly not reported;
    // typing the card can take less than that on a fast machine, so stay on the page a moment.
    await page.waitForTimeout(300);
    await page.click(byTestId('nav-home'));
    await page.waitForSelector(byTestId('page-home'));
    if (traits.showsState) await waitForText(page, 'milana-status', 'recording');
    // The recorder reports a route change 100 ms after the last history call (protocol §17.2).
    await page.waitForTimeout(300);
    const sessionsAfterNavigation = await sessionIds();

    const pageSessionIdBeforeReload = traits.showsState
      ? await page.textContent(byTestId('session-id'))
      : null;
    const resumesBeforeReload = (await api.session(sessionId)).resumeCount;
    await page.reload();
    if (traits.showsState) await waitForText(page, 'milana-status', 'recording');
    const resumesAfterReload = await api.waitFor('the reload to resume the session', async () => {
      const resumes = (await current()).resumeCount;
      return resumes > resumesBeforeReload ? resumes : undefined;
    });
    const pageSessionIdAfterReload = traits.showsState
      ? await page.textContent(byTestId('session-id'))
      : null;
    const sessionsAfterReload = await sessionIds();

    await click('sign-out', 'stopRecording: ok');
    const session = await settle(current, (s) => s.closed && s.closeReason === 'client-abort');
    // The abort batch carries what was still buffered; give it time to land before reading.
    const timeline = await settle(
      () => api.timeline(session.id),
      (entries) => entries.some((e) => e.kind === 'track' && e.name === 'report.exported'),
    );
    const bodies: string[] = [];
    for (const id of await sessionIds())
      bodies.push(...(await api.requests(id)).map((r) => r.body));

    return {
      sessionsAfterLoad,
      sessionsAfterNavigation,
      sessionsAfterReload,
      resumesBeforeReload,
      resumesAfterReload,
      pageSessionIdBeforeReload,
      pageSessionIdAfterReload,
      session,
      timeline,
      bodies,
      consoleProblems,
    };
  } catch (error) {
    // Say what the page showed: a stuck status or a console error usually names the cause.
    const status = traits.showsState
      ? await page.textContent(byTestId('milana-status')).catch(() => null)
      : null;
    const detail = [
      `page: ${page.url()}`,
      `milana-status: ${status ?? 'n/a'}`,
      ...consoleProblems,
    ].join('\n  ');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n  ${detail}`, {
      cause: error,
    });
  } finally {
    await context.close();
  }
}

/** The pathnames of the URL events (route changes) of a timeline, in order. */
export function routePaths(timeline: TimelineEntry[]): string[] {
  return timeline
    .filter((entry) => entry.kind === 'url')
    .map((entry) => new URL(String(entry.data.attributes?.url)).pathname);
}
