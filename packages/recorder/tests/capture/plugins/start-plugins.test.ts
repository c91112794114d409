import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPlugins } from '../../../src/capture/plugins/index.js';
import { fakeContext, trustEverything, type FakeContext } from './fake-context.js';

let ctx: FakeContext;
let stop: (() => void) | undefined;

beforeEach(() => {
  vi.useFakeTimers();
  history.replaceState(null, '', '/app');
  document.body.innerHTML = '<div id="editor" contenteditable><p id="para">text</p></div>';
  ctx = fakeContext();
});

afterEach(() => {
  stop?.();
  stop = undefined;
  vi.unstubAllGlobals();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function typeInEditor(): void {
  const editor = document.getElementById('editor')!;
  const text = document.getElementById('para')!.firstChild!;
  const before = new InputEvent('beforeinput', { bubbles: true, inputType: 'insertFromPaste' });
  Object.defineProperty(before, 'getTargetRanges', {
    value: () => [
      new StaticRange({ startContainer: text, startOffset: 0, endContainer: text, endOffset: 0 }),
    ],
  });
  editor.dispatchEvent(before);
  editor.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
}

const plugins = () => ctx.emitted.map((e) => e.plugin);

describe('startPlugins', () => {
  it('starts all five plugins', async () => {
    stop = startPlugins(ctx, trustEverything);
    ctx.register(document.getElementById('editor')!);
    vi.advanceTimersByTime(250); // jsdom does not scroll: depth 100 at start
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true, metaKey: true }));
    const paste = new Event('paste', { bubbles: true });
    Object.defineProperty(paste, 'clipboardData', { value: { getData: () => 'abc' } });
    document.body.dispatchEvent(paste);
    typeInEditor();
    const a = document.createElement('a');
    a.download = 'x.txt';
    document.body.append(a);
    a.remove();
    await vi.waitFor(() => expect(ctx.emitted).toHaveLength(5));
    expect(plugins()).toEqual([
      'milana/scroll-depth@1',
      'milana/click-modifier@1',
      'milana/clipboard@1',
      'milana/contenteditable@1',
      'milana/download@1',
    ]);
  });

  it('leaves contenteditable recording off when disableContentEditableRecording is true', () => {
    ctx = fakeContext({ disableContentEditableRecording: true });
    stop = startPlugins(ctx, trustEverything);
    ctx.register(document.getElementById('editor')!);
    typeInEditor();
    vi.advanceTimersByTime(250);
    expect(plugins()).toEqual(['milana/scroll-depth@1']);
  });

  it('uses the real isTrusted check when no seam is given, so synthetic events record nothing', () => {
    stop = startPlugins(ctx);
    ctx.register(document.getElementById('editor')!);
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true, ctrlKey: true }));
    typeInEditor();
    vi.advanceTimersByTime(250);
    expect(plugins()).toEqual(['milana/scroll-depth@1']);
  });

  it('flushes the pending scroll depth on teardown, once, however often teardown runs', () => {
    stop = startPlugins(ctx, trustEverything);
    stop();
    stop();
    expect(ctx.emitted).toEqual([
      { plugin: 'milana/scroll-depth@1', payload: { depthPercentage: 100, path: '/app' } },
    ]);
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true, ctrlKey: true }));
    vi.advanceTimersByTime(1000);
    expect(ctx.emitted).toHaveLength(1);
    stop = undefined;
  });

  it('keeps the other plugins running when one cannot start', () => {
    vi.stubGlobal(
      'MutationObserver',
      class {
        constructor() {
          throw new Error('no MutationObserver here');
        }
      },
    );
    stop = startPlugins(ctx, trustEverything);
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true }));
    expect(plugins()).toEqual(['milana/click-modifier@1']);
    expect(ctx.log.debug).toHaveBeenCalledWith(
      expect.stringContaining('plugin download could not start'),
      expect.any(Error),
    );
  });
});
