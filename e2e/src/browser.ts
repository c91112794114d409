import { launchChromium } from '@milana-js/test-server';
import type { Browser, Page } from 'playwright-core';

export type { Browser, Page };

/** Debian's Chromium, headless, with the repo's flags (see packages/test-server). */
export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

/**
 * Collects every console error and warning and every uncaught page error of `page`: a clean
 * demo (including hydration of server-rendered pages) produces none.
 */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}
