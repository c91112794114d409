/** How far up from the edited node the editing host may be (§17.3). */
export const MAX_HOST_LEVELS = 3;

/**
 * Inline formatting tags that do not count toward the depth: rich-text editors wrap text in them
 * freely (`<p><b><i>text`), and counting them would lose edits to bold text.
 */
const INLINE_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'del', 'span']);

/** An element that makes its subtree editable: `contenteditable` set to "", "true" or "plaintext-only". */
export function isEditableHost(el: Element): boolean {
  const value = el.getAttribute('contenteditable');
  if (value === null) return false;
  const normalized = value.trim().toLowerCase();
  return normalized === '' || normalized === 'true' || normalized === 'plaintext-only';
}

/**
 * The `contenteditable` host of an edited node, searched at most 3 levels up; inline tags (b,
 * strong, i, em, u, del, span) on the way do not count as levels. The edited node itself is
 * level 0 (an empty host is itself the range container), its parent level 1, and so on. Returns
 * null when no host is found within reach, which keeps the search cheap on deep documents.
 *
 * @example
 * ```ts
 * // <div contenteditable><p><b>|text</b></p></div>: text -> b (inline) -> p (1) -> div (2)
 * findEditableHost(textNode); // the div
 * ```
 */
export function findEditableHost(node: Node | null | undefined): Element | null {
  if (!node) return null;
  if (node.nodeType === 1 && isEditableHost(node as Element)) return node as Element;
  let level = 1;
  let current = node.parentElement;
  while (current && level <= MAX_HOST_LEVELS) {
    if (isEditableHost(current)) return current;
    if (!INLINE_TAGS.has(current.localName)) level += 1;
    current = current.parentElement;
  }
  return null;
}
