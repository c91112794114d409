import type { MilanaStore } from '../src/index';

/** A runes module reading `.current`, where `$milana` is not available. */
export function readyLabel(milana: MilanaStore): { readonly text: string } {
  const text = $derived(
    `${milana.current.isInitialized ? 'ready' : 'waiting'}:${milana.current.state.status}`,
  );
  return {
    get text() {
      return text;
    },
  };
}
