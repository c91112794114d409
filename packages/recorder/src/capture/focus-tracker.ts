import type { MilanaCustomPayload } from '../host.js';
import { CUSTOM_FOCUS } from '../protocol.js';

/**
 * Track window focus (ingest-protocol §13.3): on every `focus` or `blur` of the window, read
 * `document.hasFocus()` and add a type 5 custom event when it differs from the last one added.
 * The last value lives in this closure, so a new start emits the first change again. Returns the
 * teardown.
 *
 * @example
 * ```ts
 * const stopFocus = startFocusTracking((payload) => capture.addCustomEvent(payload));
 * stopFocus();
 * ```
 */
export function startFocusTracking(add: (payload: MilanaCustomPayload) => void): () => void {
  let last: boolean | undefined;
  const onChange = (): void => {
    const hasFocus = document.hasFocus();
    if (hasFocus === last) return;
    last = hasFocus;
    add({ type: CUSTOM_FOCUS, hasFocus });
  };
  window.addEventListener('focus', onChange);
  window.addEventListener('blur', onChange);
  return () => {
    window.removeEventListener('focus', onChange);
    window.removeEventListener('blur', onChange);
    last = undefined;
  };
}
