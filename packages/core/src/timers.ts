/**
 * Lets a timer not keep a Node process alive (SSR, tests). Browsers return plain numbers, which
 * need nothing.
 */
export function unrefTimer(handle: unknown): void {
  (handle as { unref?: () => void } | undefined)?.unref?.();
}
