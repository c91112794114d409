/**
 * `milana-js/testing`: mocks for the tests of apps that use Milana, re-exported from
 * `@milana-js/testing`. Nothing here touches the network, storage or timers.
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
