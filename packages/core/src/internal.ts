/**
 * `@milana-js/core/internal`: the client's own state and merge rules, for the other
 * `@milana-js/*` packages (the testing mock builds its snapshots with them, so an app's tests
 * see what production would). Not a public API: no semver promise, not re-exported by
 * `milana-js`. A separate entry, so nothing here is added to the identity path.
 */
export { mergeIdentity, changedHalves, deepEqual, type Identity } from './merge';
export { INITIAL_STATE, nextState, isReady, type StatePatch } from './state';
