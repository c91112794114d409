/**
 * `milana-js/testing/svelte`: `createMockMilana` and `createMockMilanaStore`, re-exported from
 * `@milana-js/testing/svelte`. Loads Svelte only.
 *
 * @example
 * ```ts
 * import { createMockMilana, createMockMilanaStore } from 'milana-js/testing/svelte';
 *
 * const mock = createMockMilana();
 * render(Checkout, { props: { milana: createMockMilanaStore(mock) } });
 * ```
 * @packageDocumentation
 */
export * from '@milana-js/testing/svelte';
