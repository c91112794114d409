import { useMemo } from 'react';
import type { MilanaClient, MilanaState, Result } from '@milana-js/core';
import { useClientState } from './client-state';
import type { MilanaContextValue } from './context';

/** The client methods the context hands out, each wrapped once per client. */
const BOUND_METHODS = [
  'identify',
  'update',
  'updateUser',
  'updateSession',
  'stopRecording',
  'trackEvent',
] as const;

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
  const methods = useMemo(() => {
    const bound = { client } as Omit<MilanaContextValue, 'initialize' | 'isInitialized'>;
    for (const name of BOUND_METHODS) {
      // Forward every argument as given, so `trackEvent(name)` reaches the client exactly as called.
      (bound as Record<string, unknown>)[name] = (...args: never[]) =>
        // The lint rule sees no change of type, yet without the assertion tsc refuses the spread
        // into a union of signatures (TS2556).
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        (client[name] as (...args: never[]) => unknown)(...args);
    }
    return bound;
  }, [client]);
  return useMemo(
    () => ({ ...methods, initialize, isInitialized }),
    [methods, initialize, isInitialized],
  );
}
