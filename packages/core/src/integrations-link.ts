import type { pollIntegrations } from './integrations';

// The detection code and its schedule live in the lazily loaded module; the session starts and
// stops it (src/integration-poller.ts). This module only says how that code is fetched.

/** The detection module: `src/integrations.ts`, published as `@milana-js/core/integrations`. */
export interface IntegrationsModule {
  readonly pollIntegrations: typeof pollIntegrations;
}

/** Loads the detection module; `createMilana({ loadIntegrations })` may replace the default. */
export type IntegrationsLoader = () => Promise<IntegrationsModule>;

/**
 * The default loader: a dynamic import of the package's own subpath, so apps that never set the
 * init option `integrations` never fetch it (a separate chunk for bundlers; the script tag passes
 * its own loader, which fetches `milana-integrations.js`). Called at most once per client.
 */
export const defaultIntegrationsLoader: IntegrationsLoader = () =>
  import('@milana-js/core/integrations');
