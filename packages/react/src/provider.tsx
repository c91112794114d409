import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  createBinding,
  getDefaultClient,
  type BindingConfig,
  type MilanaClient,
} from '@milana-js/core';
import { MilanaContext } from './context';
import { changedProps } from './ignored-props';
import { startOnMount } from './start-session';
import { useMilanaBridge } from './use-milana-bridge';

/**
 * Props of `MilanaProvider`. Only the first render's values are used, except `consent`: a later
 * change to `"granted"` or `"denied"` is passed to `setConsent()`.
 */
export interface MilanaProviderProps extends BindingConfig {
  children?: ReactNode;
}

/** The provider's configuration, frozen at its first render, with the client resolved. */
export type ProviderConfig = Omit<MilanaProviderProps, 'children' | 'shouldDeferInitialization'> & {
  shouldDeferInitialization: boolean;
  client: MilanaClient;
};

/**
 * Provides Milana to the tree and starts the session once, in an effect after the first mount
 * (never during render, never on the server), with caller type `react`.
 *
 * @example
 * <MilanaProvider productId="prd_..." clientKey="key_..." sessionInfo={{ environment: 'prod', version: '1.4.0' }}
 *   consent={cookieChoice ?? 'pending'}>
 *   <App />
 * </MilanaProvider>
 */
export function MilanaProvider(props: MilanaProviderProps) {
  const [[config, binding]] = useState(() => {
    const first: ProviderConfig = {
      productId: props.productId,
      clientKey: props.clientKey,
      sessionInfo: props.sessionInfo,
      options: props.options,
      shouldDeferInitialization: Boolean(props.shouldDeferInitialization),
      consent: props.consent,
      client: props.client ?? getDefaultClient(),
    };
    return [first, createBinding(first, 'react')] as const;
  });

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

  useEffect(() => startOnMount(binding), [binding]);

  // The one prop honoured after mount: the visitor answers the banner while the app runs.
  const consent = useRef(props.consent);
  useEffect(() => {
    if (props.consent === consent.current) return;
    consent.current = props.consent;
    if (props.consent) binding.setConsent(props.consent as 'granted' | 'denied');
  }, [props.consent, binding]);

  const value = useMilanaBridge(binding.client, binding.initialize);
  return <MilanaContext.Provider value={value}>{props.children}</MilanaContext.Provider>;
}
