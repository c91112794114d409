import type { Browser, LaunchOptions } from 'playwright-core';

/** Flags every browser test in this repo launches Chromium with. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Path of the Chromium binary: `CHROMIUM_BIN` when set, else Debian's `/usr/bin/chromium`.
 *
 * @example
 * ```ts
 * chromium.launch({ executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS] });
 * ```
 */
export function chromiumExecutable(): string {
  const fromEnv = process.env.CHROMIUM_BIN;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv.trim() : '/usr/bin/chromium';
}

/**
 * Launch headless Chromium through playwright-core with the repo's flags. playwright-core is
 * imported lazily so Node-only users of the test server do not need it installed.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * try { const page = await browser.newPage(); } finally { await browser.close(); }
 * ```
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    headless: true,
    ...options,
    executablePath: options.executablePath ?? chromiumExecutable(),
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
