import type { InjectionKey } from 'vue';
import type { MilanaClient, Result } from '@milana-js/core';

/** What `MilanaPlugin` provides to the app: the client and the start of a deferred session. */
export interface MilanaInjection {
  readonly client: MilanaClient;
  readonly initialize: () => Promise<Result>;
}

/**
 * The injection key under which `MilanaPlugin` provides the client. A registered symbol, so two
 * copies of the package on one page agree on it. Apps use `useMilana()`; test doubles provide it.
 *
 * @example
 * app.provide(MilanaInjectionKey, { client: mock, initialize: () => mock.initialize() });
 */
export const MilanaInjectionKey: InjectionKey<MilanaInjection> = Symbol.for('milana-js.vue');
