import type { detectIntegrations } from './integrations';

// The integration polling itself is driven by the session controller (src/session.ts); this module
// only says how the detection code is fetched.

/** The detection module: `src/integrations.ts`, published as `@milana-js/core/integrations`. */
export interface IntegrationsModule {
  readonly detectIntegrations: typeof detectIntegrations;
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
