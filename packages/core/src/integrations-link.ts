import type { detectIntegrations } from './integrations';

// The integration polling itself is driven by the session controller (src/session.ts); this module
// only says how the detection code is fetched.

/** The detection module: `src/integrations.ts`, published as `@milana-js/core/integrations`. */
export interface IntegrationsModule {
  readonly detectIntegrations: typeof detectIntegrations;
}

/**
 * Loads the detection module: a dynamic import of the package's own subpath, so apps that never
 * set the init option `integrations` never fetch it (a separate chunk for bundlers; bundled
 * inline in the script tag). Called at most once per client.
 */
export const loadIntegrations = (): Promise<IntegrationsModule> =>
  import('@milana-js/core/integrations');
