/**
 * `milana-js/testing`: mocks for the tests of apps that use Milana, re-exported from
 * `@milana-js/testing`: `createMockMilana` and the React `MockMilanaProvider` (so this entry
 * loads React, as it always did). The Vue and Svelte mocks live in `milana-js/testing/vue` and
 * `milana-js/testing/svelte`, so no app needs a framework it does not use. Nothing here touches
 * the network, storage or timers.
 *
 * @example
 * ```ts
 * import { createMockMilana } from 'milana-js/testing';
 *
 * const milana = createMockMilana();
 * milana.trackEvent('report.exported', { format: 'csv' });
 * expect(milana.getEventCalls('report.exported')).toHaveLength(1);
 * ```
 * @packageDocumentation
 */
export * from '@milana-js/testing';
export { MockMilanaProvider, type MockMilanaProviderProps } from '@milana-js/testing/react';
