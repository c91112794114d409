import { useMemo } from 'react';
import type { MilanaClient, MilanaState, Result } from '@milana-js/core';
import { useClientState } from './client-state';
import type { MilanaContextValue } from './context';

const selectIsInitialized = (state: MilanaState): boolean => state.isInitialized;

/**
 * Builds the `MilanaContext` value for a client: methods bound once per client and
 * `isInitialized` read from its state. For custom providers and test doubles
 * (`@milana-js/testing` uses it); apps normally render `MilanaProvider` instead.
 *
 * @example
 * const value = useMilanaBridge(client, initialize);
 * return <MilanaContext.Provider value={value}>{children}</MilanaContext.Provider>;
 */
export function useMilanaBridge(
  client: MilanaClient,
  initialize: () => Promise<Result>,
): MilanaContextValue {
  const isInitialized = useClientState(client, selectIsInitialized);
  const methods = useMemo(
    () => ({
      client,
      identify: ((input) => client.identify(input)) as MilanaClient['identify'],
      update: ((payload) => client.update(payload)) as MilanaClient['update'],
      updateUser: ((input) => client.updateUser(input)) as MilanaClient['updateUser'],
      updateSession: ((input) => client.updateSession(input)) as MilanaClient['updateSession'],
      stopRecording: () => client.stopRecording(),
      // Rest arguments so `trackEvent(name)` reaches the client exactly as called.
      trackEvent: (...args: Parameters<MilanaClient['trackEvent']>) => client.trackEvent(...args),
    }),
    [client],
  );
  return useMemo(
    () => ({ ...methods, initialize, isInitialized }),
    [methods, initialize, isInitialized],
  );
}
