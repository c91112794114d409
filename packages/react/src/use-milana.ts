import { useContext } from 'react';
import { getDefaultClient, type MilanaState } from '@milana-js/core';
import { useClientState } from './client-state';
import { MilanaContext, type MilanaContextValue } from './context';

/**
 * The Milana calls and `isInitialized` of the nearest `MilanaProvider`. Throws outside one.
 *
 * @example
 * const { trackEvent } = useMilana();
 * <button onClick={() => trackEvent('checkout_clicked', { plan: 'pro' })}>Buy</button>
 */
export function useMilana(): MilanaContextValue {
  const value = useContext(MilanaContext);
  if (!value) {
    // The first sentence is the phrase existing apps' tests match (api.md); keep it verbatim.
    throw new Error(
      'Milana: useMilana must be used within a MilanaProvider. useMilana() was called outside <MilanaProvider>. Wrap the app in one, or use useMilanaOptional().',
    );
  }
  return value;
}

/**
 * Like `useMilana()`, but returns `null` outside a `MilanaProvider` instead of throwing.
 *
 * @example
 * const milana = useMilanaOptional();
 * milana?.trackEvent('widget_opened');
 */
export function useMilanaOptional(): MilanaContextValue | null {
  return useContext(MilanaContext);
}

const wholeState = (state: MilanaState): MilanaState => state;

/**
 * The client's state snapshot, or the part `selector` picks; re-renders only when that part
 * changes. Uses the provider's client, or the page's default client outside a provider. On the
 * server it is the initial anonymous state.
 *
 * @example
 * const userId = useMilanaState((s) => s.user?.userId ?? null);
 * const { status } = useMilanaState();
 */
export function useMilanaState(): MilanaState;
export function useMilanaState<T>(selector: (state: MilanaState) => T): T;
export function useMilanaState<T>(selector?: (state: MilanaState) => T): T | MilanaState {
  const client = useContext(MilanaContext)?.client ?? getDefaultClient();
  return useClientState<T | MilanaState>(client, selector ?? wholeState);
}
