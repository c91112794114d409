import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MilanaCustomPayload } from '../../src/host.js';
import { startFocusTracking } from '../../src/capture/focus-tracker.js';

let stop: (() => void) | undefined;

afterEach(() => {
  stop?.();
  stop = undefined;
  vi.restoreAllMocks();
});

function track(): MilanaCustomPayload[] {
  const added: MilanaCustomPayload[] = [];
  stop = startFocusTracking((payload) => added.push(payload));
  return added;
}

describe('startFocusTracking', () => {
  it('adds a type 5 event with document.hasFocus() on window blur and focus', () => {
    const hasFocus = vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    const added = track();
    window.dispatchEvent(new FocusEvent('blur'));
    hasFocus.mockReturnValue(true);
    window.dispatchEvent(new FocusEvent('focus'));
    expect(added).toEqual([
      { type: 5, hasFocus: false },
      { type: 5, hasFocus: true },
    ]);
  });

  it('skips an event whose focus state equals the last one added', () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    const added = track();
    window.dispatchEvent(new FocusEvent('focus'));
    window.dispatchEvent(new FocusEvent('focus'));
    window.dispatchEvent(new FocusEvent('blur'));
    expect(added).toEqual([{ type: 5, hasFocus: true }]);
  });

  it('removes its listeners on stop', () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    const added = track();
    stop?.();
    stop = undefined;
    window.dispatchEvent(new FocusEvent('blur'));
    expect(added).toEqual([]);
  });

  it('forgets the last value on stop so the next start emits the first change again', () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    const first = track();
    window.dispatchEvent(new FocusEvent('focus'));
    stop?.();
    const second = track();
    window.dispatchEvent(new FocusEvent('focus'));
    expect(first).toHaveLength(1);
    expect(second).toEqual([{ type: 5, hasFocus: true }]);
  });
});
