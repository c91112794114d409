import * as svelteStore from 'svelte/store';
import type { Readable } from 'svelte/store';
import {
  bindCalls,
  type BindingCalls,
  type MilanaClient,
  type MilanaState,
  type Result,
} from '@milana-js/core';

/**
 * The value of a Milana store: the client's `MilanaState` (`$milana.isInitialized`,
 * `$milana.status`, `$milana.user`), plus `state`, the snapshot itself, which earlier versions
 * offered as the only way in and existing components still read (`$milana.state.status`).
 */
export type MilanaStoreValue = MilanaState & {
  /** The client's state snapshot; a new object only when something changed. */
  readonly state: MilanaState;
};

/** A Svelte store of the client's `MilanaState` that carries the Milana calls. */
export interface MilanaStore extends Readable<MilanaStoreValue>, BindingCalls {
  /**
   * The current value, for `.svelte.ts` modules where `$store` is unavailable. Under Svelte 5 it
   * is reactive: read inside `$derived`/`$effect`/a template, it subscribes for as long as they
   * live (through `svelte/store`'s `fromStore`). Under Svelte 4 it is a plain, always fresh getter.
   */
  readonly current: MilanaStoreValue;
  /** Starts a deferred session; only the first successful call has an effect, again after `stopRecording()`. */
  readonly initialize: () => Promise<Result>;
  /** The client behind the store (the page's default client unless one was passed). */
  readonly client: MilanaClient;
}

type FromStore = <T>(store: Readable<T>) => { readonly current: T };

/**
 * Wraps a client into a Milana store: one core listener while the store has subscribers (none
 * on the server), released with the last one. For custom setups and test doubles
 * (`@milana-js/testing/svelte` uses it); apps call `createMilana(config)` instead.
 *
 * @example
 * const milana = createMilanaBridge(client, () => client.init(productId, clientKey, sessionInfo));
 */
export function createMilanaBridge(
  client: MilanaClient,
  initialize: () => Promise<Result>,
): MilanaStore {
  let last: MilanaStoreValue | undefined;
  // One value object per snapshot, so subscribers see a new value only when the state changed.
  const valueOf = (state: MilanaState): MilanaStoreValue =>
    last?.state === state ? last : (last = Object.freeze({ ...state, state }));
  const read = () => valueOf(client.getState());

  const store = svelteStore.readable(read(), (set) => {
    set(read());
    if (typeof window === 'undefined') return; // the server's client is inert: nothing to follow
    const stop = client.listen((state) => set(valueOf(state)));
    set(read()); // catches a change between the first read and listen()
    return stop;
  });
  let reactive: { readonly current: MilanaStoreValue } | undefined;

  return bindCalls(client, {
    subscribe: store.subscribe,
    get current() {
      if (!reactive) {
        // Looked up when first needed, never imported by name: Svelte 4's `svelte/store` has no
        // `fromStore`, a named import of it breaks Svelte 4 bundles, and member access warns.
        const fromStore = Reflect.get(svelteStore, 'fromStore') as FromStore | undefined;
        if (!fromStore) return read();
        reactive = fromStore(store);
      }
      return reactive.current;
    },
    initialize,
    client,
  });
}
