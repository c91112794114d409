import { createContext } from 'react';
import type { MilanaClient, Result } from '@milana-js/core';

/**
 * What `useMilana()` returns and what `MilanaContext` carries. Every method keeps its identity for
 * the provider's lifetime, so it is safe in dependency arrays.
 *
 * @example
 * const { isInitialized, identify } = useMilana();
 * useEffect(() => { void identify({ userId: user.id, email: user.email }); }, [identify, user]);
 */
export interface MilanaContextValue {
  /** True once the session is ready (recording, not sampled or halted). */
  readonly isInitialized: boolean;
  /**
   * Starts a deferred session with the provider's configuration. Only the first successful call
   * has an effect; it works again after `stopRecording()`. While a session exists it resolves
   * `{ success: false }`, like a second `init`.
   */
  readonly initialize: () => Promise<Result>;
  readonly identify: MilanaClient['identify'];
  /** @deprecated use `updateUser` and `updateSession`. */
  readonly update: MilanaClient['update'];
  readonly updateUser: MilanaClient['updateUser'];
  readonly updateSession: MilanaClient['updateSession'];
  readonly stopRecording: MilanaClient['stopRecording'];
  readonly trackEvent: MilanaClient['trackEvent'];
  /** The visitor's consent answer: `"granted"` starts a session that waited, `"denied"` stops it. */
  readonly setConsent: MilanaClient['setConsent'];
  /** The client behind the provider (the page's default client unless one was passed). */
  readonly client: MilanaClient;
}

/**
 * The React context behind `MilanaProvider`; `null` outside one. Prefer `useMilana()`.
 *
 * @example
 * const milana = useContext(MilanaContext); // MilanaContextValue | null
 */
export const MilanaContext = createContext<MilanaContextValue | null>(null);
MilanaContext.displayName = 'MilanaContext';
