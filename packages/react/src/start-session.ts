import { initWithCallerType, type MilanaClient, type Result } from '@milana-js/core';
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
const pending = new WeakMap<MilanaClient, Promise<Result>>();
const autoStarted = new WeakSet<MilanaClient>();

/**
 * Starts a session unless one exists or is starting. A client that is `idle` (never started, or
 * its last start failed) or `stopped` starts again; a call while a start is in flight shares it.
 */
export function startSession(config: ProviderConfig): Promise<Result> {
  const { client } = config;
  const inFlight = pending.get(client);
  if (inFlight) return inFlight;
  const { status } = client.getState();
  if (status !== 'idle' && status !== 'stopped') return Promise.resolve({ success: false });
  const started = initWithCallerType(
    client,
    'react',
    config.productId,
    config.clientKey,
    config.sessionInfo,
    config.options,
  )
    .catch((): Result => ({ success: false }))
    .finally(() => pending.delete(client));
  pending.set(client, started);
  return started;
}

/** The provider's mount-time start: once per client, so remounts never open a second session. */
export function startOnMount(config: ProviderConfig): void {
  if (config.shouldDeferInitialization || autoStarted.has(config.client)) return;
  autoStarted.add(config.client);
  void startSession(config);
}
