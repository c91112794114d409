import { getContext, setContext } from 'svelte';
import type { MilanaStore } from './store';

// A registered symbol, so two copies of the package on one page agree on the key.
const MILANA_CONTEXT = Symbol.for('milana-js.svelte');

/**
 * Makes a Milana store available to the component's children through `getMilana()`. Call it
 * while the component initialises (at the top of its `<script>`). Returns the store.
 *
 * @example
 * <script>  // +layout.svelte
 *   setMilanaContext(createMilana({ productId, clientKey, sessionInfo }));
 * </script>
 */
export function setMilanaContext(milana: MilanaStore): MilanaStore {
  setContext(MILANA_CONTEXT, milana);
  return milana;
}

/**
 * The Milana store a parent passed to `setMilanaContext`. Throws a clear error when there is
 * none, or when called outside component initialisation.
 *
 * @example
 * <script>
 *   const milana = getMilana();
 * </script>
 * {#if $milana.isInitialized}<p>Recording</p>{/if}
 */
export function getMilana(): MilanaStore {
  let milana: MilanaStore | undefined;
  try {
    milana = getContext<MilanaStore | undefined>(MILANA_CONTEXT);
  } catch {
    throw new Error(
      'Milana: getMilana() must be called while a component initialises (at the top of its <script>).',
    );
  }
  if (!milana)
    throw new Error(
      'Milana: getMilana() found no Milana store; call setMilanaContext(createMilana({ ... })) in a parent component.',
    );
  return milana;
}
