import { expect, it } from 'vitest';
import type { Browser } from './browser.js';
import type { DevServerApi } from './dev-server-api.js';

interface StoredEvent {
  type: number;
  data: { plugin?: string; payload?: Record<string, unknown> };
}

/**
 * The context-capture demo (buttons "log an error", "call a failing endpoint", "throw") in an
 * example that turns `capture` on: each shows up in the dev server's stored stream as its plugin
 * event, and the SDK's own requests do not.
 */
export function contextCaptureTest(
  browser: () => Browser,
  api: DevServerApi,
  devServerUrl: string,
  url: string,
): void {
  it('records the demo’s console error, failing request and uncaught error', async () => {
    const context = await browser().newContext();
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    // The example asks for consent first (a banner): accept it.
    const status = page.locator('[data-testid="milana-status"]');
    await page.waitForFunction(
      () =>
        ['awaiting-consent', 'recording'].includes(
          document.querySelector('[data-testid="milana-status"]')?.textContent ?? '',
        ),
      null,
      { timeout: 20_000 },
    );
    if ((await status.innerText()) === 'awaiting-consent')
      await page.locator('[data-testid="consent-accept"]').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="milana-status"]')?.textContent === 'recording',
      null,
      { timeout: 20_000 },
    );
    const sessionId = (await page.locator('[data-testid="session-id"]').innerText()).trim();
    // rrweb starts at idle time; the capture starts with it. Wait for the first snapshot to go
    // out before acting, so the actions are inside the recording.
    await api.waitFor('the first upload', async () =>
      (await api.requests(sessionId)).some((r) => r.endpoint === 'batch') ? true : undefined,
    );
    await page.locator('[data-testid="log-error"]').click();
    await page.locator('[data-testid="call-failing-endpoint"]').click();
    await page.waitForFunction(() =>
      /answered 4\d\d/.test(
        document.querySelector('[data-testid="context-result"]')?.textContent ?? '',
      ),
    );
    await page.locator('[data-testid="throw-error"]').click();
    await expect.poll(() => pageErrors).toEqual(['Demo: unhandled error from a button']);
    await page.locator('[data-testid="sign-out"]').click();
    await api.waitFor('the closed session', async () =>
      (await api.session(sessionId)).closed ? true : undefined,
    );
    const response = await fetch(`${devServerUrl}/api/sessions/${sessionId}/events`);
    const { events } = (await response.json()) as { events: StoredEvent[] };
    await context.close();

    const of = (name: string) =>
      events.filter((e) => e.type === 6 && e.data.plugin === name).map((e) => e.data.payload!);
    expect(of('rrweb/console@1')).toEqual([
      expect.objectContaining({
        level: 'error',
        payload: ['"Demo: payment failed"', '{"orderId":"ord_1042","reason":"card_declined"}'],
      }),
    ]);
    const network = of('milana/network@1');
    expect(network).toEqual([
      expect.objectContaining({
        initiator: 'fetch',
        method: 'POST',
        url: `${new URL(url).origin}/api/checkout`,
        status: expect.any(Number),
        requestSize: 10,
      }),
    ]);
    expect(network[0]!.status).toBeGreaterThanOrEqual(400);
    expect(of('milana/error@1')).toEqual([
      expect.objectContaining({
        kind: 'error',
        name: 'Error',
        message: expect.stringContaining('Demo: unhandled error from a button'),
      }),
    ]);
  });
}
