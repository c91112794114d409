import type { MilanaClient } from '@milana-js/core';
import type { MilanaProviderProps } from './provider';
import type { ProviderConfig } from './provider';

const CONFIG_PROPS = [
  'productId',
  'clientKey',
  'sessionInfo',
  'options',
  'shouldDeferInitialization',
] as const;

// Content, not identity: apps usually pass `sessionInfo={{ ... }}` inline, a new object with the
// same content on every render, which must not count as a change. Unserialisable values
// (circular, throwing getters) compare equal so they never cause a false warning.
function fingerprint(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof RegExp ? String(v) : v)) ?? '';
  } catch {
    return '';
  }
}

/** Names of the configuration props that differ from the values the provider started with. */
export function changedProps(
  config: ProviderConfig,
  props: MilanaProviderProps,
  defaultClient: () => MilanaClient,
): string[] {
  const now = { ...props, shouldDeferInitialization: Boolean(props.shouldDeferInitialization) };
  const changed: string[] = CONFIG_PROPS.filter(
    (key) => fingerprint(now[key]) !== fingerprint(config[key]),
  );
  if ((props.client ?? defaultClient()) !== config.client) changed.push('client');
  return changed;
}
