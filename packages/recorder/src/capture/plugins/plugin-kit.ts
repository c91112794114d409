import type { PluginContext } from './context.js';

/**
 * Wrap a listener or timer callback so that nothing a plugin does can ever throw into the host
 * page: a failure is logged at debug level (it is our bug, not the app's) and swallowed.
 *
 * @example
 * ```ts
 * window.addEventListener('click', guard(ctx, 'milana/click-modifier@1', onClick), true);
 * ```
 */
export function guard<A extends unknown[]>(
  ctx: PluginContext,
  plugin: string,
  fn: (...args: A) => void,
): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (error) {
      logDebug(ctx, `plugin ${plugin} failed; the event is skipped`, error);
    }
  };
}

/** Debug-log an internal failure; a broken logger must not turn it into a thrown error. */
export function logDebug(ctx: PluginContext, message: string, error: unknown): void {
  try {
    ctx.log.debug(message, error);
  } catch {
    // Nothing left to report to.
  }
}

/** The element a node belongs to: the node itself, or a text node's parent. */
export function elementOf(node: Node | null | undefined): Element | null {
  if (!node) return null;
  if (node.nodeType === 1) return node as Element;
  return node.parentElement;
}

/**
 * The innermost element an event happened on. `composedPath()[0]` reaches inside open shadow
 * roots, where `target` seen from a window listener is retargeted to the shadow host; rrweb
 * records shadow content with its own ids, so the inner node is the one worth naming.
 */
export function eventElement(event: Event): Element | null {
  const path = typeof event.composedPath === 'function' ? event.composedPath() : [];
  const first = path[0];
  if (first && typeof (first as Node).nodeType === 'number') return elementOf(first as Node);
  const target = event.target;
  if (target && typeof (target as Node).nodeType === 'number') return elementOf(target as Node);
  return null;
}
