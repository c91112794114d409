import type { Binding, MilanaClient } from '@milana-js/core';

// Keyed by client, not by provider: StrictMode's second mount and later remounts of a provider
// are new effect runs (or new component instances) for the same page session, and a session the
// app stopped must not come back because a provider mounted again.
const autoStarted = new WeakSet<MilanaClient>();

/** The provider's mount-time start: once per client, so remounts never open a second session. */
export function startOnMount(binding: Binding): void {
  if (!binding.autoStart || autoStarted.has(binding.client)) return;
  autoStarted.add(binding.client);
  void binding.initialize();
}
