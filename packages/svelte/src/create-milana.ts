import { createBinding, type BindingConfig } from '@milana-js/core';
import { createMilanaBridge, type MilanaStore } from './store';

/** Configuration of `createMilana`. */
export type MilanaStoreConfig = BindingConfig;

/**
 * Creates the Milana store and, in the browser, starts the session at once (at creation, not on
 * first subscriber, so calls and events from code that never subscribes are recorded too). On
 * the server (SvelteKit SSR) it starts nothing and every call resolves `{ success: false }`.
 *
 * @example
 * // src/lib/milana.ts
 * export const milana = createMilana({ productId: 'prd_…', clientKey: 'key_…', sessionInfo: { environment: 'prod', version: '1.4.0' }, consent: 'pending' });
 * // in a component: {#if $milana.isInitialized} … {/if}   milana.setConsent('granted')
 */
export function createMilana(config: MilanaStoreConfig): MilanaStore {
  const binding = createBinding(config, 'core', 'createMilana: config');
  if (binding.autoStart && typeof window !== 'undefined') void binding.initialize();
  return createMilanaBridge(binding.client, binding.initialize);
}
