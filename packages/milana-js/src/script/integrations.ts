/**
 * Entry of `dist/milana-integrations.js`, a script-tag file beside milana.js. milana.js adds it to
 * the page only when a ready session has the init option `integrations`; running it registers the
 * Sentry/PostHog detection (§7.7) where milana.js's loader picks it up (see sibling-loader.ts).
 */
import { pollIntegrations } from '@milana-js/core/integrations';
import { INTEGRATIONS_FILE, registerModule } from './sibling-global';

registerModule(INTEGRATIONS_FILE, { pollIntegrations });
