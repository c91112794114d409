/**
 * `milana-js/testing/vue`: `createMockMilana` and `MockMilanaPlugin`, re-exported from
 * `@milana-js/testing/vue`. Loads Vue only.
 *
 * @example
 * ```ts
 * import { createMockMilana, MockMilanaPlugin } from 'milana-js/testing/vue';
 *
 * const milana = createMockMilana();
 * mount(Checkout, { global: { plugins: [[MockMilanaPlugin, { mock: milana }]] } });
 * ```
 * @packageDocumentation
 */
export * from '@milana-js/testing/vue';
