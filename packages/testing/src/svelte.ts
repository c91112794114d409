import { createMilanaBridge, type MilanaStore } from '@milana-js/svelte';
import { createMockMilana, type MockMilana } from './mock-client';

/**
 * A Milana store (the value `createMilana` from `@milana-js/svelte` returns) backed by a mock
 * client: `$milana.isInitialized` starts `true`, every call is recorded in `mock.calls`, and
 * `initialize()` calls `mock.initialize()`. Pass it as a prop or through `setMilanaContext`.
 *
 * @example
 * const mock = createMockMilana();
 * render(Checkout, { props: { milana: createMockMilanaStore(mock) } });
 * expect(mock.getEventCalls('checkout_clicked')).toHaveLength(1);
 */
export function createMockMilanaStore(mock: MockMilana = createMockMilana()): MilanaStore {
  return createMilanaBridge(mock, () => mock.initialize());
}

export { createMockMilana, type MockMilana, type MockMilanaInstance } from './mock-client';
export type { MockCall, MockConsent, MockMethod, MockMilanaCall } from './calls';
