// Framework-free entry: importing it loads no UI framework. Each framework's helpers live in
// their own entry (`@milana-js/testing/react`; Vue and Svelte add `./vue` and `./svelte` the same
// way: a `src/<name>.ts` file, an entry in tsup.config.ts and an `exports` key in package.json).
export { createMockMilana, type MockMilana, type MockMilanaInstance } from './mock-client';
export type { MockCall, MockConsent, MockMethod, MockMilanaCall } from './calls';
