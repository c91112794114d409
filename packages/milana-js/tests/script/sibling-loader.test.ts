import { afterEach, describe, expect, it } from 'vitest';
import type { RecorderModule } from '@milana-js/recorder';
import { RECORDER_SLOT, registerRecorder } from '../../src/script/recorder-global';
import { createScriptRecorderLoader, readScriptOrigin } from '../../src/script/recorder-loader';

const fakeRecorder: RecorderModule = {
  startRecorder: () => ({ trackEvent() {}, stop() {} }),
  startCrossOriginIframeRecorder() {},
};

const ORIGIN = {
  recorderUrl: 'https://cdn.example.org/milana-js@1.2.3/dist/milana-recorder.js',
  nonce: '',
};

function recorderTags(): HTMLScriptElement[] {
  return Array.from(document.querySelectorAll('script')).filter((s) =>
    s.src.endsWith('milana-recorder.js'),
  );
}

afterEach(() => {
  delete (globalThis as unknown as Record<symbol, unknown>)[RECORDER_SLOT];
  for (const tag of recorderTags()) tag.remove();
});

describe('readScriptOrigin', () => {
  it('places milana-recorder.js beside milana.js and drops the query string', () => {
    const tag = document.createElement('script');
    tag.src = 'https://cdn.example.org/milana-js@1.2.3/dist/milana.js?v=7';
    expect(readScriptOrigin(tag)).toEqual({
      recorderUrl: 'https://cdn.example.org/milana-js@1.2.3/dist/milana-recorder.js',
      nonce: '',
    });
  });

  it('keeps the nonce of the milana.js tag', () => {
    const tag = document.createElement('script');
    tag.src = 'https://app.example.org/js/milana.js';
    tag.nonce = 'n0nce';
    expect(readScriptOrigin(tag).nonce).toBe('n0nce');
  });

  it('has no recorder URL when there is no current script or it has no src', () => {
    expect(readScriptOrigin(null)).toEqual({ recorderUrl: null, nonce: '' });
    expect(readScriptOrigin(document.createElement('script'))).toEqual({
      recorderUrl: null,
      nonce: '',
    });
  });
});

describe('createScriptRecorderLoader', () => {
  it('adds one recorder tag and resolves with the module the file registers', async () => {
    const load = createScriptRecorderLoader(ORIGIN);
    const first = load();
    const second = load();
    const tags = recorderTags();
    expect(tags.map((t) => t.src)).toEqual([ORIGIN.recorderUrl]);
    expect(tags[0]?.async).toBe(true);
    // What milana-recorder.js does when the browser runs it, just before its load event.
    registerRecorder(fakeRecorder);
    tags[0]?.dispatchEvent(new Event('load'));
    await expect(first).resolves.toBe(fakeRecorder);
    await expect(second).resolves.toBe(fakeRecorder);
  });

  it('resolves without adding a tag when the recorder is already registered', async () => {
    registerRecorder(fakeRecorder);
    await expect(createScriptRecorderLoader(ORIGIN)()).resolves.toBe(fakeRecorder);
    expect(recorderTags()).toEqual([]);
  });

  it('puts the nonce of milana.js on the recorder tag', () => {
    void createScriptRecorderLoader({ ...ORIGIN, nonce: 'n0nce' })().catch(() => {});
    expect(recorderTags()[0]?.nonce).toBe('n0nce');
  });

  it('rejects when the file cannot be loaded and tries again on the next call', async () => {
    const load = createScriptRecorderLoader(ORIGIN);
    const failed = load();
    recorderTags()[0]?.dispatchEvent(new Event('error'));
    await expect(failed).rejects.toThrow(/^Milana: could not load https:\/\/cdn\.example\.org/);
    const retry = load();
    expect(recorderTags()).toHaveLength(2);
    registerRecorder(fakeRecorder);
    recorderTags()[1]?.dispatchEvent(new Event('load'));
    await expect(retry).resolves.toBe(fakeRecorder);
  });

  it('rejects when the file loaded but registered nothing', async () => {
    const loading = createScriptRecorderLoader(ORIGIN)();
    recorderTags()[0]?.dispatchEvent(new Event('load'));
    await expect(loading).rejects.toThrow(/did not register the recorder/);
  });

  it('rejects without touching the page when milana.js could not tell where it came from', async () => {
    await expect(createScriptRecorderLoader({ recorderUrl: null, nonce: '' })()).rejects.toThrow(
      /cannot be fetched/,
    );
    expect(document.querySelectorAll('script')).toHaveLength(0);
  });
});
