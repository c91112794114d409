import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIPBOARD_PLUGIN, startClipboardPlugin } from '../../../src/capture/plugins/clipboard.js';
import { fakeContext, trustEverything, type FakeContext } from './fake-context.js';

// jsdom has no ClipboardEvent/DataTransfer: a plain Event carries a stub `clipboardData`, which is
// all the plugin reads.
function clipboardEvent(type: 'copy' | 'cut' | 'paste', text?: string): Event {
  const event = new Event(type, { bubbles: true, cancelable: true, composed: true });
  Object.defineProperty(event, 'clipboardData', {
    value:
      text === undefined
        ? null
        : { getData: (format: string) => (format === 'text/plain' ? text : '') },
  });
  return event;
}

const SECRET = 'hunter2-secret';

let ctx: FakeContext;
let stop: () => void;

beforeEach(() => {
  document.body.innerHTML = `
    <input id="field" value="${SECRET}">
    <textarea id="notes">line one\nline two</textarea>
    <p id="para">Some <b id="bold">${SECRET}</b> text</p>`;
  ctx = fakeContext();
});

afterEach(() => {
  stop?.();
  document.getSelection()?.removeAllRanges();
  document.body.innerHTML = '';
});

const byId = <T extends Element>(id: string) => document.getElementById(id) as unknown as T;

describe('startClipboardPlugin', () => {
  it('records a copy in an input as the field selection length and start offset', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    const field = byId<HTMLInputElement>('field');
    const id = ctx.register(field);
    field.setSelectionRange(2, 9);
    field.dispatchEvent(clipboardEvent('copy'));
    expect(ctx.emitted).toEqual([
      {
        plugin: 'milana/clipboard@1',
        payload: { action: 'copy', nodeId: id, length: 7, offset: 2 },
      },
    ]);
    expect(CLIPBOARD_PLUGIN).toBe('milana/clipboard@1');
  });

  it('records a cut in a textarea with the selection start as offset', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    const notes = byId<HTMLTextAreaElement>('notes');
    const id = ctx.register(notes);
    notes.setSelectionRange(5, 13);
    notes.dispatchEvent(clipboardEvent('cut'));
    expect(ctx.emitted.map((e) => e.payload)).toEqual([
      { action: 'cut', nodeId: id, length: 8, offset: 5 },
    ]);
  });

  it('emits nothing for a copy in a field with an empty selection', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    const field = byId<HTMLInputElement>('field');
    field.setSelectionRange(4, 4);
    field.dispatchEvent(clipboardEvent('copy'));
    expect(ctx.emitted).toEqual([]);
  });

  it('measures a copy outside fields by the DOM selection, named by its anchor element, without offset', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    const bold = byId<HTMLElement>('bold');
    const id = ctx.register(bold);
    const range = document.createRange();
    range.setStart(bold.firstChild!, 0);
    range.setEnd(byId<HTMLElement>('para').lastChild!, 5);
    document.getSelection()!.addRange(range);
    byId<HTMLElement>('para').dispatchEvent(clipboardEvent('copy'));
    expect(ctx.emitted.map((e) => e.payload)).toEqual([
      { action: 'copy', nodeId: id, length: SECRET.length + 5 },
    ]);
  });

  it('emits nothing for a copy with no DOM selection', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    byId<HTMLElement>('para').dispatchEvent(clipboardEvent('copy'));
    expect(ctx.emitted).toEqual([]);
  });

  it('records a paste as the clipboard text length on the target, never the text itself', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    const notes = byId<HTMLTextAreaElement>('notes');
    const id = ctx.register(notes);
    notes.setSelectionRange(3, 3);
    notes.dispatchEvent(clipboardEvent('paste', SECRET));
    expect(ctx.emitted.map((e) => e.payload)).toEqual([
      { action: 'paste', nodeId: id, length: SECRET.length },
    ]);
    expect(JSON.stringify(ctx.emitted)).not.toContain(SECRET);
  });

  it('names the selection anchor for a paste whose target is not an element', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    const bold = byId<HTMLElement>('bold');
    const id = ctx.register(bold);
    document.getSelection()!.collapse(bold.firstChild, 2);
    document.dispatchEvent(clipboardEvent('paste', 'abc'));
    expect(ctx.emitted.map((e) => e.payload)).toEqual([{ action: 'paste', nodeId: id, length: 3 }]);
  });

  it('emits nothing for a paste without text data', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    byId<HTMLElement>('notes').dispatchEvent(clipboardEvent('paste', ''));
    byId<HTMLElement>('notes').dispatchEvent(clipboardEvent('paste'));
    expect(ctx.emitted).toEqual([]);
  });

  it('uses -1 when the element acted on has no mirror id', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    byId<HTMLElement>('notes').dispatchEvent(clipboardEvent('paste', 'x'));
    expect(ctx.emitted.map((e) => e.payload.nodeId)).toEqual([-1]);
  });

  it('ignores untrusted clipboard events', () => {
    stop = startClipboardPlugin(ctx);
    const field = byId<HTMLInputElement>('field');
    field.setSelectionRange(0, 4);
    field.dispatchEvent(clipboardEvent('copy'));
    field.dispatchEvent(clipboardEvent('paste', 'abc'));
    expect(ctx.emitted).toEqual([]);
  });

  it('records even when the page stops propagation, because it listens in the capture phase', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    document.addEventListener('paste', (e) => e.stopImmediatePropagation(), true);
    byId<HTMLElement>('notes').dispatchEvent(clipboardEvent('paste', 'abc'));
    expect(ctx.emitted).toHaveLength(1);
  });

  it('stops listening after teardown', () => {
    stop = startClipboardPlugin(ctx, trustEverything);
    stop();
    stop();
    byId<HTMLElement>('notes').dispatchEvent(clipboardEvent('paste', 'abc'));
    expect(ctx.emitted).toEqual([]);
  });
});
