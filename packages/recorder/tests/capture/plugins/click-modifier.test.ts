import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CLICK_MODIFIER_PLUGIN,
  startClickModifierPlugin,
} from '../../../src/capture/plugins/click-modifier.js';
import { fakeContext, trustEverything, type FakeContext } from './fake-context.js';

let ctx: FakeContext;
let stop: () => void;
let button: HTMLButtonElement;

beforeEach(() => {
  document.body.innerHTML = '<main><button id="buy"><span>Buy</span></button></main>';
  button = document.querySelector('#buy')!;
  ctx = fakeContext();
});

afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

const click = (target: Element, init: MouseEventInit = {}) =>
  target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...init }));

describe('startClickModifierPlugin', () => {
  it('emits the node id and all four modifier flags for a trusted click with ctrl held', () => {
    stop = startClickModifierPlugin(ctx, trustEverything);
    const id = ctx.register(button);
    click(button, { ctrlKey: true });
    expect(ctx.emitted).toEqual([
      {
        plugin: 'milana/click-modifier@1',
        payload: { nodeId: id, ctrlKey: true, metaKey: false, shiftKey: false, altKey: false },
      },
    ]);
    expect(CLICK_MODIFIER_PLUGIN).toBe('milana/click-modifier@1');
  });

  it.each([
    [{ metaKey: true }, { ctrlKey: false, metaKey: true, shiftKey: false, altKey: false }],
    [{ shiftKey: true }, { ctrlKey: false, metaKey: false, shiftKey: true, altKey: false }],
    [{ altKey: true }, { ctrlKey: false, metaKey: false, shiftKey: false, altKey: true }],
    [
      { ctrlKey: true, shiftKey: true },
      { ctrlKey: true, metaKey: false, shiftKey: true, altKey: false },
    ],
  ])('reports the modifiers %o exactly as held', (init, flags) => {
    stop = startClickModifierPlugin(ctx, trustEverything);
    const id = ctx.register(button);
    click(button, init);
    expect(ctx.emitted.map((e) => e.payload)).toEqual([{ nodeId: id, ...flags }]);
  });

  it('emits nothing for a click without any modifier', () => {
    stop = startClickModifierPlugin(ctx, trustEverything);
    click(button);
    expect(ctx.emitted).toEqual([]);
  });

  it('ignores untrusted clicks, such as a scripted dispatch with ctrl held', () => {
    stop = startClickModifierPlugin(ctx);
    ctx.register(button);
    click(button, { ctrlKey: true });
    expect(ctx.emitted).toEqual([]);
  });

  it('names the innermost clicked node, and -1 when the mirror does not know it', () => {
    stop = startClickModifierPlugin(ctx, trustEverything);
    ctx.register(button);
    click(button.querySelector('span')!, { altKey: true });
    expect(ctx.emitted[0]!.payload.nodeId).toBe(-1);
  });

  it('still records a click whose handler stops propagation, because it listens in the capture phase', () => {
    stop = startClickModifierPlugin(ctx, trustEverything);
    const id = ctx.register(button);
    button.addEventListener('click', (e) => e.stopPropagation());
    document.body.addEventListener('click', (e) => e.stopImmediatePropagation(), true);
    click(button, { shiftKey: true });
    expect(ctx.emitted.map((e) => e.payload.nodeId)).toEqual([id]);
  });

  it('stops listening after teardown, and a second teardown is harmless', () => {
    stop = startClickModifierPlugin(ctx, trustEverything);
    stop();
    stop();
    click(button, { ctrlKey: true });
    expect(ctx.emitted).toEqual([]);
  });

  it('logs and swallows a failure inside the handler instead of reporting it to the page', () => {
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.error);
    window.addEventListener('error', onError);
    ctx.nodeId = () => {
      throw new Error('mirror broke');
    };
    stop = startClickModifierPlugin(ctx, trustEverything);
    click(button, { ctrlKey: true });
    window.removeEventListener('error', onError);
    expect(errors).toEqual([]);
    expect(ctx.emitted).toEqual([]);
    expect(ctx.log.debug).toHaveBeenCalledWith(
      expect.stringContaining('milana/click-modifier@1'),
      expect.any(Error),
    );
  });
});
