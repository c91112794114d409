/**
 * `milana-js/svelte`: `createMilana` (a store for Svelte 4 and 5), `setMilanaContext` and
 * `getMilana`, re-exported from `@milana-js/svelte`.
 *
 * @example
 * ```ts
 * import { createMilana } from 'milana-js/svelte';
 *
 * export const milana = createMilana({
 *   productId: 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC',
 *   clientKey: 'key_pub_5c1a77',
 *   sessionInfo: { environment: 'production', version: '4.2.0' },
 * });
 * // in a component: {#if $milana.isInitialized} … {/if}
 * ```
 * @packageDocumentation
 */
export * from '@milana-js/svelte';
