import type { Plugin } from 'vue';
import { MilanaInjectionKey } from '@milana-js/vue';
import { createMockMilana, type MockMilana } from './mock-client';

/** Options of `app.use(MockMilanaPlugin, options)`. */
export interface MockMilanaPluginOptions {
  /** The mock to provide; a fresh `createMockMilana()` when omitted. */
  mock?: MockMilana;
}

/**
 * Provides a mock client under the real `MilanaInjectionKey`, so `useMilana()` works in
 * components under test without a session or network. `initialize()` calls `mock.initialize()`.
 *
 * @example
 * const milana = createMockMilana();
 * mount(Checkout, { global: { plugins: [[MockMilanaPlugin, { mock: milana }]] } });
 * expect(milana.getEventCalls('checkout_clicked')).toHaveLength(1);
 */
export const MockMilanaPlugin: Plugin<[MockMilanaPluginOptions?]> = {
  install(app, options) {
    const mock = options?.mock ?? createMockMilana();
    app.provide(MilanaInjectionKey, { client: mock, initialize: () => mock.initialize() });
  },
};

export { createMockMilana, type MockMilana, type MockMilanaInstance } from './mock-client';
export type { MockCall, MockConsent, MockMethod, MockMilanaCall } from './calls';
