import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContextDeps } from '@milana-js/recorder/context';
import { CAPTURE_FILE, registerModule, type CaptureModule } from '../../src/script/sibling-global';
import { rememberScriptOrigin, startFromSibling } from '../../src/script/sibling-start';

// The stand-ins of the script-tag files (capture-sibling.ts, console-sibling.ts) in jsdom: the
// sibling's module is either registered already (the file ran) or cannot be fetched (jsdom loads
// no scripts, and without a current script nobody knows the folder). Chromium runs the real files
// in tests/script/capture.test.ts.

const slots = globalThis as unknown as Record<symbol, unknown>;
afterEach(() => {
  delete slots[CAPTURE_FILE.slot];
  for (const tag of Array.from(document.querySelectorAll('script'))) tag.remove();
});

const deps = () =>
  ({
    emit() {},
    sanitizeUrl: (url: string) => url,
    isOwnSend: () => false,
    log: { debug: vi.fn(), info: vi.fn(), warn: vi.fn() },
    win: window,
  }) as ContextDeps & { log: { debug: ReturnType<typeof vi.fn> } };

/** A registered capture module whose start is a spy returning a spy teardown. */
function registered() {
  const stop = vi.fn();
  const module: CaptureModule = { startContextCapture: vi.fn(() => stop) };
  registerModule(CAPTURE_FILE, module);
  return { start: module.startContextCapture as ReturnType<typeof vi.fn>, stop };
}

const start = () =>
  startFromSibling(CAPTURE_FILE, (module, d, options: object) =>
    module.startContextCapture(d, options),
  );

describe('startFromSibling', () => {
  it('starts the part with the same arguments once its file registered it; the teardown reaches it', async () => {
    const part = registered();
    const d = deps();
    const options = { capture: { errors: true } };
    const teardown = start()(d, options);
    await vi.waitFor(() => expect(part.start).toHaveBeenCalledWith(d, options));
    teardown();
    expect(part.stop).toHaveBeenCalledTimes(1);
  });

  it('never starts the part when the teardown ran before the file arrived', async () => {
    const part = registered();
    start()(deps(), {})();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(part.start).not.toHaveBeenCalled();
  });

  it('logs at debug level, and throws nothing, when the file cannot be fetched or the start throws', async () => {
    rememberScriptOrigin(); // no current script here: the folder is unknown
    const d = deps();
    const teardown = start()(d, {});
    await vi.waitFor(() =>
      expect(d.log.debug).toHaveBeenCalledWith(
        'milana-capture.js could not be loaded',
        expect.any(Error),
      ),
    );
    expect(teardown).not.toThrow();

    registerModule(CAPTURE_FILE, {
      startContextCapture: () => {
        throw new Error('broken');
      },
    });
    const again = deps();
    start()(again, {});
    await vi.waitFor(() =>
      expect(again.log.debug).toHaveBeenCalledWith(
        'milana-capture.js failed to start',
        expect.any(Error),
      ),
    );
  });
});
