import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CONTENTEDITABLE_DEBOUNCE_MS,
  CONTENTEDITABLE_PLUGIN,
  startContentEditablePlugin,
} from '../../../src/capture/plugins/contenteditable.js';
import { fakeContext, trustEverything, type FakeContext } from './fake-context.js';

let ctx: FakeContext;
let stop: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = `
    <div id="editor" contenteditable="true"><p id="para"><b><i id="styled">bold</i></b> plain</p></div>
    <div id="notes" contenteditable><ul><li id="item">one</li></ul></div>
    <div id="deep" contenteditable><section><article><p><em id="too-deep">far</em></p></article></section></div>
    <input id="field" value="x">`;
  ctx = fakeContext();
});

afterEach(() => {
  stop?.();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

const byId = (id: string) => document.getElementById(id)!;
const textIn = (id: string) => byId(id).firstChild!;

/**
 * One user edit as the browser delivers it: `beforeinput` with a target range starting at
 * `node`, then `input` on the editing host (which is where browsers fire it).
 */
function edit(node: Node | null, host: Element, inputType = 'insertText'): void {
  const before = new InputEvent('beforeinput', { bubbles: true, cancelable: true, inputType });
  const ranges = node
    ? [new StaticRange({ startContainer: node, startOffset: 0, endContainer: node, endOffset: 0 })]
    : [];
  Object.defineProperty(before, 'getTargetRanges', { value: () => ranges });
  host.dispatchEvent(before);
  host.dispatchEvent(new InputEvent('input', { bubbles: true, inputType }));
}

describe('startContentEditablePlugin', () => {
  it('emits the host id 120 ms after the last edit in that host', () => {
    stop = startContentEditablePlugin(ctx, trustEverything);
    const id = ctx.register(byId('editor'));
    edit(textIn('styled'), byId('editor'));
    vi.advanceTimersByTime(100);
    edit(textIn('styled'), byId('editor'));
    vi.advanceTimersByTime(CONTENTEDITABLE_DEBOUNCE_MS - 1);
    expect(ctx.emitted).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ctx.emitted).toEqual([{ plugin: 'milana/contenteditable@1', payload: { hostId: id } }]);
    expect(CONTENTEDITABLE_PLUGIN).toBe('milana/contenteditable@1');
  });

  it('debounces each host on its own', () => {
    stop = startContentEditablePlugin(ctx, trustEverything);
    const editorId = ctx.register(byId('editor'));
    const notesId = ctx.register(byId('notes'));
    edit(textIn('styled'), byId('editor'));
    vi.advanceTimersByTime(60);
    edit(textIn('item'), byId('notes'));
    vi.advanceTimersByTime(60);
    expect(ctx.emitted.map((e) => e.payload.hostId)).toEqual([editorId]);
    vi.advanceTimersByTime(60);
    expect(ctx.emitted.map((e) => e.payload.hostId)).toEqual([editorId, notesId]);
  });

  it.each(['insertFromPaste', 'deleteByCut'])(
    'flushes at once for %s, replacing the pending flush',
    (inputType) => {
      stop = startContentEditablePlugin(ctx, trustEverything);
      const id = ctx.register(byId('editor'));
      edit(textIn('styled'), byId('editor'));
      edit(textIn('styled'), byId('editor'), inputType);
      expect(ctx.emitted.map((e) => e.payload)).toEqual([{ hostId: id }]);
      vi.advanceTimersByTime(1000);
      expect(ctx.emitted).toHaveLength(1);
    },
  );

  it('finds the host across inline tags, which do not count toward the three levels', () => {
    stop = startContentEditablePlugin(ctx, trustEverything);
    const id = ctx.register(byId('notes'));
    // text -> li (1) -> ul (2) -> div host
    edit(textIn('item'), byId('notes'));
    vi.advanceTimersByTime(CONTENTEDITABLE_DEBOUNCE_MS);
    expect(ctx.emitted.map((e) => e.payload)).toEqual([{ hostId: id }]);
  });

  it('ignores an edit whose host is more than three levels up', () => {
    stop = startContentEditablePlugin(ctx, trustEverything);
    ctx.register(byId('deep'));
    edit(textIn('too-deep'), byId('deep'));
    vi.advanceTimersByTime(CONTENTEDITABLE_DEBOUNCE_MS);
    expect(ctx.emitted).toEqual([]);
  });

  it('records nothing without a target range in beforeinput', () => {
    stop = startContentEditablePlugin(ctx, trustEverything);
    ctx.register(byId('editor'));
    edit(null, byId('editor'));
    vi.advanceTimersByTime(CONTENTEDITABLE_DEBOUNCE_MS);
    expect(ctx.emitted).toEqual([]);
  });

  it('records nothing for a beforeinput that no input follows, as when the page cancels it', () => {
    stop = startContentEditablePlugin(ctx, trustEverything);
    ctx.register(byId('editor'));
    const before = new InputEvent('beforeinput', { bubbles: true, inputType: 'insertText' });
    Object.defineProperty(before, 'getTargetRanges', {
      value: () => [
        new StaticRange({
          startContainer: textIn('styled'),
          startOffset: 0,
          endContainer: textIn('styled'),
          endOffset: 0,
        }),
      ],
    });
    byId('editor').dispatchEvent(before);
    // The next input comes from an ordinary field, whose beforeinput has no target range.
    edit(null, byId('field'));
    vi.advanceTimersByTime(CONTENTEDITABLE_DEBOUNCE_MS);
    expect(ctx.emitted).toEqual([]);
  });

  it('never emits -1: a host the mirror does not know is skipped', () => {
    stop = startContentEditablePlugin(ctx, trustEverything);
    edit(textIn('styled'), byId('editor'));
    vi.advanceTimersByTime(CONTENTEDITABLE_DEBOUNCE_MS);
    expect(ctx.emitted).toEqual([]);
  });

  it('ignores untrusted edits', () => {
    stop = startContentEditablePlugin(ctx);
    ctx.register(byId('editor'));
    edit(textIn('styled'), byId('editor'));
    edit(textIn('styled'), byId('editor'), 'insertFromPaste');
    vi.advanceTimersByTime(CONTENTEDITABLE_DEBOUNCE_MS);
    expect(ctx.emitted).toEqual([]);
  });

  it('drops pending flushes on teardown and stops listening', () => {
    stop = startContentEditablePlugin(ctx, trustEverything);
    ctx.register(byId('editor'));
    edit(textIn('styled'), byId('editor'));
    stop();
    stop();
    vi.advanceTimersByTime(CONTENTEDITABLE_DEBOUNCE_MS * 2);
    edit(textIn('styled'), byId('editor'), 'insertFromPaste');
    expect(ctx.emitted).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
