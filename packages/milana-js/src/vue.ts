/**
 * `milana-js/vue`: `MilanaPlugin` and the `useMilana` composable, re-exported from
 * `@milana-js/vue`.
 *
 * @example
 * ```ts
 * import { createApp } from 'vue';
 * import { MilanaPlugin } from 'milana-js/vue';
 *
 * createApp(App).use(MilanaPlugin, {
 *   productId: 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC',
 *   clientKey: 'key_pub_5c1a77',
 *   sessionInfo: { environment: 'production', version: '4.2.0' },
 * });
 * ```
 * @packageDocumentation
 */
export * from '@milana-js/vue';
