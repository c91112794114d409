import {
  initWithCallerType,
  type InitOptions,
  type MilanaClient,
  type Result,
  type SessionInfo,
} from '@milana-js/core';

/** The configuration a session is started with. */
export interface StartConfig {
  productId: string;
  clientKey: string;
  sessionInfo: SessionInfo;
  options?: InitOptions;
  client: MilanaClient;
}

// Keyed by client: two apps (or two calls) racing to start the same page session share one start.
const inFlight = new WeakMap<MilanaClient, Promise<Result>>();

/**
 * Starts a session unless one exists or is starting. An `idle` (never started, or its start
 * failed) or `stopped` client starts again; a call during a start resolves with that start.
 */
export function startSession(config: StartConfig): Promise<Result> {
  const { client } = config;
  const pending = inFlight.get(client);
  if (pending) return pending;
  const { status } = client.getState();
  if (status !== 'idle' && status !== 'stopped') return Promise.resolve({ success: false });
  const started = initWithCallerType(
    client,
    'core',
    config.productId,
    config.clientKey,
    config.sessionInfo,
    config.options,
  )
    .catch((): Result => ({ success: false }))
    .finally(() => inFlight.delete(client));
  inFlight.set(client, started);
  return started;
}
