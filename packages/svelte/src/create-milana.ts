import {
  getDefaultClient,
  startSession,
  type InitOptions,
  type MilanaClient,
  type Result,
  type SessionInfo,
} from '@milana-js/core';
import { createMilanaBridge, type MilanaStore } from './store';

/** Configuration of `createMilana`. */
export interface MilanaStoreConfig {
  productId: string;
  clientKey: string;
  sessionInfo: SessionInfo;
  options?: InitOptions;
  /** Wait for `milana.initialize()` instead of starting at creation (e.g. until consent). */
  shouldDeferInitialization?: boolean;
  /** The client to use; the page's default client (shared with `milana-js`) when omitted. */
  client?: MilanaClient;
}

/**
 * Creates the Milana store and, in the browser, starts the session at once (at creation, not on
 * first subscriber, so calls and events from code that never subscribes are recorded too). On
 * the server (SvelteKit SSR) it starts nothing and every call resolves `{ success: false }`.
 *
 * @example
 * // src/lib/milana.ts
 * export const milana = createMilana({ productId: 'prd_…', clientKey: 'key_…', sessionInfo: { environment: 'prod', version: '1.4.0' } });
 * // in a component: {#if $milana.isInitialized} … {/if}   milana.trackEvent('signup_clicked')
 */
export function createMilana(config: MilanaStoreConfig): MilanaStore {
  const valid = typeof config === 'object' && config !== null;
  if (!valid)
    console.warn(
      'Milana: createMilana: config must be an object with productId, clientKey and sessionInfo; no session will start.',
    );
  const settings = valid ? { ...config } : undefined; // a copy: later edits to the object are ignored
  const client = settings?.client ?? getDefaultClient();
  const initialize = (): Promise<Result> =>
    settings
      ? startSession({ ...settings, client, callerType: 'core' })
      : Promise.resolve({ success: false });
  if (settings && !settings.shouldDeferInitialization && typeof window !== 'undefined')
    void initialize();
  return createMilanaBridge(client, initialize);
}
