import {
  defaultPluginDeps,
  type PluginContext,
  type PluginDeps,
  type PluginTeardown,
} from './context.js';
import { elementOf, eventElement, guard } from './plugin-kit.js';

/** Protocol name of the clipboard plugin (§17.3); the server keys on it. */
export const CLIPBOARD_PLUGIN = 'milana/clipboard@1';

type ClipboardAction = 'copy' | 'cut' | 'paste';

/** What one clipboard action measured: never the text itself, only where and how much. */
interface ClipMeasure {
  element: Element | null;
  length: number;
  offset?: number;
}

/** input/textarea: the only fields whose own selection (not the DOM selection) holds the clip. */
function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  const name = el?.localName;
  return name === 'input' || name === 'textarea';
}

function selectionAnchor(): Element | null {
  return elementOf(document.getSelection()?.anchorNode);
}

function domSelectionMeasure(): ClipMeasure {
  const selection = document.getSelection();
  if (!selection) return { element: null, length: 0 };
  // The selected text is read only to count it; it never leaves this function.
  return { element: elementOf(selection.anchorNode), length: selection.toString().length };
}

function measureCopyOrCut(event: ClipboardEvent): ClipMeasure {
  const target = eventElement(event);
  if (isTextField(target)) {
    // Input types without a selection API (email, number, …) report null: nothing measurable.
    const start = target.selectionStart;
    const end = target.selectionEnd;
    if (start === null || end === null) return { element: target, length: 0 };
    return { element: target, length: Math.abs(end - start), offset: Math.min(start, end) };
  }
  return domSelectionMeasure();
}

function measurePaste(event: ClipboardEvent): ClipMeasure {
  const text = event.clipboardData?.getData('text/plain') ?? '';
  const element = eventElement(event) ?? selectionAnchor();
  return { element, length: text.length };
}

/**
 * Record copy, cut and paste as `{ action, nodeId, length, offset? }` — lengths and positions
 * only, NEVER the clipboard content. A zero-length clip emits nothing, so `length` is always ≥ 1.
 *
 * - copy/cut in an `input`/`textarea`: the field's selection gives `length` and `offset`
 *   (selection start);
 * - copy/cut elsewhere: the DOM selection's text length and its anchor element (no `offset`);
 * - paste: the length of the clipboard's plain-text data; the node is the event target, else the
 *   selection anchor.
 *
 * Trusted events only, captured on `window` in the capture phase.
 *
 * @example
 * ```ts
 * const stop = startClipboardPlugin(ctx);
 * // Ctrl+C of 5 chars from offset 2 of #email ->
 * //   { plugin: 'milana/clipboard@1', payload: { action: 'copy', nodeId: 7, length: 5, offset: 2 } }
 * stop();
 * ```
 */
export function startClipboardPlugin(
  ctx: PluginContext,
  deps: PluginDeps = defaultPluginDeps,
): PluginTeardown {
  const listen = (action: ClipboardAction) =>
    guard(ctx, CLIPBOARD_PLUGIN, (event: ClipboardEvent) => {
      if (!deps.isTrusted(event)) return;
      const clip = action === 'paste' ? measurePaste(event) : measureCopyOrCut(event);
      if (!(clip.length >= 1)) return;
      const payload: Record<string, unknown> = {
        action,
        nodeId: ctx.nodeId(clip.element),
        length: clip.length,
      };
      if (clip.offset !== undefined) payload.offset = clip.offset;
      ctx.emitPlugin(CLIPBOARD_PLUGIN, payload);
    });
  const handlers = {
    copy: listen('copy'),
    cut: listen('cut'),
    paste: listen('paste'),
  } as const;
  for (const [type, handler] of Object.entries(handlers)) {
    window.addEventListener(type, handler as EventListener, true);
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    for (const [type, handler] of Object.entries(handlers)) {
      window.removeEventListener(type, handler as EventListener, true);
    }
  };
}
