import { afterEach, describe, expect, it } from 'vitest';
import type { IntegrationsModule } from '@milana-js/core';
import type { RecorderModule } from '@milana-js/recorder';
import {
  CAPTURE_FILE,
  CONSOLE_FILE,
  INTEGRATIONS_FILE,
  RECORDER_FILE,
  readRegisteredModule,
  registerModule,
  type SiblingFile,
} from '../../src/script/sibling-global';
import { createSiblingLoader, readScriptOrigin } from '../../src/script/sibling-loader';

const fakeRecorder: RecorderModule = {
  startRecorder: () => ({ trackEvent() {}, stop() {} }),
  startCrossOriginIframeRecorder() {},
};

const fakeIntegrations: IntegrationsModule = { pollIntegrations: () => () => undefined };

const ORIGIN = { folder: 'https://cdn.example.org/milana-js@1.2.3/dist/', nonce: '' };
const RECORDER_URL = 'https://cdn.example.org/milana-js@1.2.3/dist/milana-recorder.js';
const INTEGRATIONS_URL = 'https://cdn.example.org/milana-js@1.2.3/dist/milana-integrations.js';

/** The tags the loaders added for `file`. */
function tagsOf(file: { name: string }): HTMLScriptElement[] {
  return Array.from(document.querySelectorAll('script')).filter((s) =>
    s.src.endsWith(`/${file.name}`),
  );
}

afterEach(() => {
  for (const file of [RECORDER_FILE, INTEGRATIONS_FILE]) {
    delete (globalThis as unknown as Record<symbol, unknown>)[file.slot];
  }
  for (const tag of Array.from(document.querySelectorAll('script'))) tag.remove();
});

describe('readScriptOrigin', () => {
  it('is the folder of milana.js, without its file name and query string', () => {
    const tag = document.createElement('script');
    tag.src = 'https://cdn.example.org/milana-js@1.2.3/dist/milana.js?v=7';
    expect(readScriptOrigin(tag)).toEqual(ORIGIN);
  });

  it('keeps the nonce of the milana.js tag', () => {
    const tag = document.createElement('script');
    tag.src = 'https://app.example.org/js/milana.js';
    tag.nonce = 'n0nce';
    expect(readScriptOrigin(tag).nonce).toBe('n0nce');
  });

  it('has no folder when there is no current script or it has no src', () => {
    expect(readScriptOrigin(null)).toEqual({ folder: null, nonce: '' });
    expect(readScriptOrigin(document.createElement('script'))).toEqual({
      folder: null,
      nonce: '',
    });
  });
});

describe('the sibling files', () => {
  it('are the recorder, capture, console and integrations files, on distinct registered symbols', () => {
    expect(RECORDER_FILE.name).toBe('milana-recorder.js');
    expect(CAPTURE_FILE.name).toBe('milana-capture.js');
    expect(CONSOLE_FILE.name).toBe('milana-console.js');
    expect(INTEGRATIONS_FILE.name).toBe('milana-integrations.js');
    // The built files agree with milana.js through these: registered symbols, never renamed.
    expect(Symbol.keyFor(RECORDER_FILE.slot)).toBe('milana-js.recorder-module');
    expect(Symbol.keyFor(CAPTURE_FILE.slot)).toBe('milana-js.capture-module');
    expect(Symbol.keyFor(CONSOLE_FILE.slot)).toBe('milana-js.console-module');
    expect(Symbol.keyFor(INTEGRATIONS_FILE.slot)).toBe('milana-js.integrations-module');
  });

  it('each read back only their own module, and only a real one', () => {
    registerModule(RECORDER_FILE, fakeRecorder);
    expect(readRegisteredModule(RECORDER_FILE)).toBe(fakeRecorder);
    expect(readRegisteredModule(INTEGRATIONS_FILE)).toBeNull();
    registerModule(INTEGRATIONS_FILE, fakeIntegrations);
    expect(readRegisteredModule(INTEGRATIONS_FILE)).toBe(fakeIntegrations);
    registerModule(INTEGRATIONS_FILE, { pollIntegrations: 'no' } as never);
    expect(readRegisteredModule(INTEGRATIONS_FILE)).toBeNull();
  });
});

describe.each([
  { file: RECORDER_FILE as SiblingFile<unknown>, url: RECORDER_URL, module: fakeRecorder },
  {
    file: INTEGRATIONS_FILE as SiblingFile<unknown>,
    url: INTEGRATIONS_URL,
    module: fakeIntegrations,
  },
])('createSiblingLoader for $file.name', ({ file, url, module }) => {
  const tags = (): HTMLScriptElement[] => tagsOf(file);

  it('adds one tag and resolves with the module the file registers', async () => {
    const load = createSiblingLoader(file, ORIGIN);
    const first = load();
    const second = load();
    expect(tags().map((t) => t.src)).toEqual([url]);
    expect(tags()[0]?.async).toBe(true);
    // What the file does when the browser runs it, just before its load event.
    registerModule(file, module);
    tags()[0]?.dispatchEvent(new Event('load'));
    await expect(first).resolves.toBe(module);
    await expect(second).resolves.toBe(module);
  });

  it('resolves without adding a tag when the module is already registered', async () => {
    registerModule(file, module);
    await expect(createSiblingLoader(file, ORIGIN)()).resolves.toBe(module);
    expect(tags()).toEqual([]);
  });

  it('puts the nonce of milana.js on the tag', () => {
    void createSiblingLoader(file, { ...ORIGIN, nonce: 'n0nce' })().catch(() => {});
    expect(tags()[0]?.nonce).toBe('n0nce');
  });

  it('rejects when the file cannot be loaded and tries again on the next call', async () => {
    const load = createSiblingLoader(file, ORIGIN);
    const failed = load();
    tags()[0]?.dispatchEvent(new Event('error'));
    await expect(failed).rejects.toThrow(`Milana: could not load ${url}.`);
    const retry = load();
    expect(tags()).toHaveLength(2);
    registerModule(file, module);
    tags()[1]?.dispatchEvent(new Event('load'));
    await expect(retry).resolves.toBe(module);
  });

  it('rejects when the file loaded but registered nothing', async () => {
    const loading = createSiblingLoader(file, ORIGIN)();
    tags()[0]?.dispatchEvent(new Event('load'));
    await expect(loading).rejects.toThrow(`Milana: ${url} loaded but did not register its module.`);
  });

  it('rejects without touching the page when milana.js could not tell where it came from', async () => {
    await expect(createSiblingLoader(file, { folder: null, nonce: '' })()).rejects.toThrow(
      `Milana: cannot tell where milana.js was loaded from, so ${file.name} cannot be fetched.`,
    );
    expect(document.querySelectorAll('script')).toHaveLength(0);
  });
});

it('loads the recorder and the integration detection independently', async () => {
  const recorder = createSiblingLoader(RECORDER_FILE, ORIGIN);
  const integrations = createSiblingLoader(INTEGRATIONS_FILE, ORIGIN);
  const detection = integrations();
  expect(tagsOf(INTEGRATIONS_FILE)).toHaveLength(1);
  expect(tagsOf(RECORDER_FILE)).toEqual([]);
  registerModule(INTEGRATIONS_FILE, fakeIntegrations);
  tagsOf(INTEGRATIONS_FILE)[0]?.dispatchEvent(new Event('load'));
  await expect(detection).resolves.toBe(fakeIntegrations);
  // The recorder's slot is still empty: its loader adds its own tag.
  void recorder().catch(() => {});
  expect(tagsOf(RECORDER_FILE).map((t) => t.src)).toEqual([RECORDER_URL]);
});
