import { useCallback, useState, type ReactNode } from 'react';
import { MilanaContext, useMilanaBridge } from '@milana-js/react';
import { createMockMilana, type MockMilana } from './mock-client';

/** Props of `MockMilanaProvider`. */
export interface MockMilanaProviderProps {
  /** The mock to provide; a fresh `createMockMilana()` when omitted. */
  mock?: MockMilana;
  children?: ReactNode;
}

/**
 * Provides a mock client through the real `MilanaContext`, so `useMilana()`, `useMilanaOptional()`
 * and `useMilanaState()` work in components under test without a session or network.
 *
 * @example
 * const milana = createMockMilana();
 * render(<MockMilanaProvider mock={milana}><SignupForm /></MockMilanaProvider>);
 * expect(milana.calls).toContainEqual({ method: 'identify', args: { userId: 'u1', email: 'a@b.c' } });
 */
export function MockMilanaProvider({ mock, children }: MockMilanaProviderProps) {
  const [fallback] = useState(createMockMilana);
  const client = mock ?? fallback;
  const initialize = useCallback(() => client.initialize(), [client]);
  const value = useMilanaBridge(client, initialize);
  return <MilanaContext.Provider value={value}>{children}</MilanaContext.Provider>;
}

export { createMockMilana, type MockMilana, type MockMilanaInstance } from './mock-client';
export type { MockCall, MockConsent, MockMethod, MockMilanaCall } from './calls';
