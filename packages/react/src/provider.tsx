import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  getDefaultClient,
  type InitOptions,
  type MilanaClient,
  type SessionInfo,
} from '@milana-js/core';
import { MilanaContext } from './context';
import { changedProps } from './ignored-props';
import { startOnMount, startSession, type ProviderConfig } from './start-session';
import { useMilanaBridge } from './use-milana-bridge';

/** Props of `MilanaProvider`. Only the first render's values are used. */
export interface MilanaProviderProps {
  productId: string;
  clientKey: string;
  sessionInfo: SessionInfo;
  options?: InitOptions;
  /** Wait for `useMilana().initialize()` instead of starting on mount (e.g. until consent). */
  shouldDeferInitialization?: boolean;
  /** The client to use; the page's default client (shared with `milana-js`) when omitted. */
  client?: MilanaClient;
  children?: ReactNode;
}

/**
 * Provides Milana to the tree and starts the session once, in an effect after the first mount
 * (never during render, never on the server), with caller type `react`.
 *
 * @example
 * <MilanaProvider productId="prd_..." clientKey="key_..." sessionInfo={{ environment: 'prod', version: '1.4.0' }}>
 *   <App />
 * </MilanaProvider>
 */
export function MilanaProvider(props: MilanaProviderProps) {
  const [config] = useState<ProviderConfig>(() => ({
    productId: props.productId,
    clientKey: props.clientKey,
    sessionInfo: props.sessionInfo,
    options: props.options,
    shouldDeferInitialization: Boolean(props.shouldDeferInitialization),
    client: props.client ?? getDefaultClient(),
  }));

  const warned = useRef(false);
  useEffect(() => {
    if (warned.current) return;
    const changed = changedProps(config, props, getDefaultClient);
    if (changed.length === 0) return;
    warned.current = true;
    console.warn(
      `Milana: MilanaProvider: ${changed.join(', ')} changed after mount and is ignored; the first values are kept.`,
    );
  });

  useEffect(() => startOnMount(config), [config]);

  const initialize = useCallback(() => startSession(config), [config]);
  const value = useMilanaBridge(config.client, initialize);
  return <MilanaContext.Provider value={value}>{props.children}</MilanaContext.Provider>;
}
