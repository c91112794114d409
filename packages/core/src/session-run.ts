import type { CallerType, SessionInfo, SessionIntegrations } from './types';
import type { Logger } from './log';
import type { ResolvedInitOptions } from './init-options';
import type { RecorderLink, RecorderLoader, RecorderSignals } from './recorder-link';
import type { IntegrationPoller } from './integration-poller';
import { createIntegrationPoller } from './integration-poller';
import { createRecorderLink } from './recorder-link';
import type { Transport } from './transport';
import { createTransport } from './transport';
import { createUrlSanitizer } from './url';

/** Everything `init` decided, handed to the session controller. */
export interface StartParams {
  productId: string;
  clientKey: string;
  callerType: CallerType;
  sessionInfo: SessionInfo;
  options: ResolvedInitOptions;
  loader: RecorderLoader;
  fetch?: typeof fetch;
}

/**
 * What one `init` sets up and every restart of that session reuses: the transport (headers and
 * caller type fixed per session), the init-time `/session` body and referrer (§6.2, §4: a restart
 * re-sends them unchanged), the recorder link and the integration poller.
 */
export interface SessionRun {
  transport: Transport;
  sessionBody: string;
  referrer: string;
  link: RecorderLink;
  poller: IntegrationPoller;
}

/** The hooks a run needs from the controller. */
export interface SessionRunHooks {
  log: Logger;
  signals: RecorderSignals;
  isReady(): boolean;
  submitIntegrations(integrations: SessionIntegrations): void;
}

/** Builds the run of one `init`. */
export function createSessionRun(params: StartParams, hooks: SessionRunHooks): SessionRun {
  const { options } = params;
  const transport = createTransport({ ...params, endpoint: options.endpoint });
  const sanitizeUrl = createUrlSanitizer(options.privacy);
  return {
    transport,
    sessionBody: JSON.stringify(params.sessionInfo),
    // The referrer is the sanitised page URL at this moment: `''` resolves to `location.href`.
    referrer: sanitizeUrl(''),
    link: createRecorderLink({
      ...hooks,
      loader: params.loader,
      transport,
      options: options.recorder,
      sanitizeUrl,
    }),
    poller: createIntegrationPoller({
      ...hooks,
      kinds: options.integrations,
      submit: hooks.submitIntegrations,
    }),
  };
}
