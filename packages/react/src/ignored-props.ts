import type { MilanaProviderProps } from './provider';
import type { ProviderConfig } from './start-session';

// Structural comparison: apps usually pass `sessionInfo={{ ... }}` inline, a new object with the
// same content on every render, which must not count as a change.
function sameValue(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 20) return false;
  if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b) && a instanceof RegExp && b instanceof RegExp;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1))
  );
}

function same(a: unknown, b: unknown): boolean {
  try {
    return sameValue(a, b, 0);
  } catch {
    return true; // a throwing getter or proxy: never warn on something we could not compare
  }
}

/** Names of the configuration props whose current value differs from the one the provider started with. */
export function changedProps(config: ProviderConfig, props: MilanaProviderProps, defaultClient: () => ProviderConfig['client']): string[] {
  const changed: string[] = [];
  if (props.productId !== config.productId) changed.push('productId');
  if (props.clientKey !== config.clientKey) changed.push('clientKey');
  if (!same(props.sessionInfo, config.sessionInfo)) changed.push('sessionInfo');
  if (!same(props.options, config.options)) changed.push('options');
  if (Boolean(props.shouldDeferInitialization) !== config.shouldDeferInitialization) changed.push('shouldDeferInitialization');
  if ((props.client ?? defaultClient()) !== config.client) changed.push('client');
  return changed;
}
