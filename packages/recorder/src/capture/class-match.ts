/** A class option: an exact class name, or a pattern tested against each class name. */
export type ClassOption = string | RegExp;

/** A pattern that matches no class name: what rrweb gets for a class rule turned off with `""`. */
export const NO_CLASS = /(?!)/;

/**
 * A pattern that answers as if tested fresh from position 0 on every call. With `g` or `y`,
 * `RegExp.test` is stateful (`lastIndex`), so the same class name would match on one call and
 * not on the next. `g` only adds that state, so it is dropped; `y` also means "only at
 * `lastIndex`", which is 0 for a fresh test, so it becomes an anchor at the start: `/secret/y`
 * matches `secret-x` but not `not-secret`.
 */
export function statelessPattern(pattern: RegExp): RegExp {
  if (!pattern.global && !pattern.sticky) return pattern;
  const flags = pattern.flags.replace(/[gy]/g, '');
  return new RegExp(pattern.sticky ? `^(?:${pattern.source})` : pattern.source, flags);
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

/** True when `el` or one of its ancestors carries a class matching `option` (none if off). */
export function closestWithClass(el: Element | null, option: ClassOption | undefined): boolean {
  if (option === undefined) return false;
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

/**
 * A class option as rrweb takes it. rrweb builds a selector from a class name without escaping
 * (`closest('.' + name)`) and swallows the error a name like `a:b` causes, which would silently
 * stop the rule on descendants; such names are handed over as an exact-match pattern instead.
 * A rule that is off (`undefined`) becomes {@link NO_CLASS}, never rrweb's own `rr-*` default.
 */
export function rrwebClass(option: ClassOption | undefined): string | RegExp {
  if (option === undefined) return NO_CLASS;
  if (typeof option !== 'string' || /^-?[_a-zA-Z][\w-]*$/.test(option)) return option;
  return new RegExp(`^${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
