import { startSession as startCoreSession, type MilanaClient, type Result } from '@milana-js/core';
import type { MilanaProviderProps } from './provider';

/** The provider's configuration, frozen at its first render, with the client resolved. */
export type ProviderConfig = Omit<
  MilanaProviderProps,
  'children' | 'client' | 'shouldDeferInitialization'
> & {
  shouldDeferInitialization: boolean;
  client: MilanaClient;
};

// Keyed by client, not by provider: StrictMode's second mount and later remounts of a provider
// are new effect runs (or new component instances) for the same page session.
const autoStarted = new WeakSet<MilanaClient>();

/** Starts (or joins the start of) the client's session with caller type `react`. */
export function startSession(config: ProviderConfig): Promise<Result> {
  return startCoreSession({ ...config, callerType: 'react' });
}

/** The provider's mount-time start: once per client, so remounts never open a second session. */
export function startOnMount(config: ProviderConfig): void {
  if (config.shouldDeferInitialization || autoStarted.has(config.client)) return;
  autoStarted.add(config.client);
  void startSession(config);
}
