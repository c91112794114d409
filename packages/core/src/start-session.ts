import { initWithCallerType } from './default-client';
import type { CallerType, InitOptions, MilanaClient, Result, SessionInfo } from './types';

/** What a binding starts a session with. */
export interface StartSessionConfig {
  client: MilanaClient;
  callerType: CallerType;
  productId: string;
  clientKey: string;
  sessionInfo: SessionInfo;
  options?: InitOptions;
}

// Keyed by client, not by caller: React's StrictMode double mount, a remounted Vue app or two
// Svelte stores over the same page client all share one start instead of racing two `init`s.
const inFlight = new WeakMap<MilanaClient, Promise<Result>>();

/**
 * Starts a session for a framework binding unless one exists or is starting. An `idle` client
 * (never started, or its last start failed) or a `stopped` one starts again; a call made while a
 * start is in flight resolves with that start's result; any other state resolves
 * `{ success: false }` without a request.
 *
 * @example
 * ```ts
 * await startSession({ client: getDefaultClient(), callerType: 'react', productId, clientKey, sessionInfo });
 * ```
 */
export function startSession(config: StartSessionConfig): Promise<Result> {
  const { client } = config;
  const pending = inFlight.get(client);
  if (pending) return pending;
  let status: string;
  try {
    status = client.getState().status;
  } catch {
    return Promise.resolve({ success: false });
  }
  if (status !== 'idle' && status !== 'stopped') return Promise.resolve({ success: false });
  const started = initWithCallerType(
    client,
    config.callerType,
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
