/** A class option: an exact class name, or a pattern tested against each class name. */
export type ClassOption = string | RegExp;

/**
 * Copy a pattern without its `g`/`y` flags: with them `RegExp.test` is stateful (`lastIndex`),
 * so the same class name would match on one call and not on the next.
 */
export function statelessPattern(pattern: RegExp): RegExp {
  const flags = pattern.flags.replace(/[gy]/g, '');
  return flags === pattern.flags ? pattern : new RegExp(pattern.source, flags);
}

/** True when `el` itself carries a class matching `option`. */
export function hasClass(el: Element, option: ClassOption): boolean {
  const list = el.classList;
  if (typeof option === 'string') return option !== '' && list.contains(option);
  for (let i = 0; i < list.length; i += 1) {
    const name = list.item(i);
    if (name !== null && option.test(name)) return true;
  }
  return false;
}

/** True when `el` or one of its ancestors carries a class matching `option`. */
export function closestWithClass(el: Element | null, option: ClassOption): boolean {
  for (let node = el; node !== null; node = node.parentElement) {
    if (hasClass(node, option)) return true;
  }
  return false;
}

/** True when `el` or an ancestor matches `selector` (a selector already checked for validity). */
export function closestMatches(el: Element | null, selector: string | undefined): boolean {
  if (el === null || selector === undefined || selector === '') return false;
  try {
    return el.closest(selector) !== null;
  } catch {
    return false;
  }
}

/** A class name written as a CSS class selector (`.name`), escaped so any class name is safe. */
export function classSelector(name: string): string {
  let escaped = '';
  for (const [index, char] of Array.from(name).entries()) {
    if (/[\w-]/.test(char) && !(index === 0 && /[0-9]/.test(char))) escaped += char;
    else if (/[0-9]/.test(char)) escaped += `\\3${char} `;
    else escaped += (char.codePointAt(0) ?? 0) > 0x7f ? char : `\\${char}`;
  }
  return `.${escaped}`;
}
