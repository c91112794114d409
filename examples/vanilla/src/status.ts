// A namespace import works the same as named imports.
import * as milana from 'milana-js';

function field(testId: string): HTMLElement {
  return document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;
}

/** Mirrors the SDK's state snapshot into the status line; `subscribe` calls back at once. */
export function showStatus(): () => void {
  return milana.subscribe((state) => {
    field('milana-status').textContent = state.status;
    field('session-id').textContent = state.sessionId ?? '-';
  });
}

export function showLastResult(text: string): void {
  field('last-result').textContent = text;
}
