/**
 * Lets a timer not keep a Node process alive (SSR, tests). Browsers return plain numbers, which
 * need nothing.
 */
export function unrefTimer(handle: unknown): void {
  const maybe = handle as { unref?: () => void } | null;
  if (maybe && typeof maybe.unref === 'function') maybe.unref();
}
