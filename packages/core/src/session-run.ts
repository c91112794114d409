import type { CallerType, SessionInfo, SessionIntegrations } from './types';
import type { Logger } from './log';
import type { ResolvedInitOptions } from './init-options';
import type { RecorderLoader, RecorderSignals } from './recorder-link';
import { IntegrationPoller } from './integration-poller';
import { RecorderLink } from './recorder-link';
import { Transport } from './transport';
import { createUrlSanitizer, currentHref } from './url';

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

/** Builds the run of one `init`. The referrer is the sanitised page URL at this moment. */
export function createSessionRun(params: StartParams, hooks: SessionRunHooks): SessionRun {
  const transport = new Transport({
    endpoint: params.options.endpoint,
    productId: params.productId,
    clientKey: params.clientKey,
    callerType: params.callerType,
    fetch: params.fetch,
  });
  const sanitizeUrl = createUrlSanitizer(params.options.privacy);
  return {
    transport,
    sessionBody: JSON.stringify(params.sessionInfo),
    referrer: sanitizeUrl(currentHref() ?? ''),
    link: new RecorderLink({
      loader: params.loader,
      transport,
      options: params.options.recorder,
      sanitizeUrl,
      log: hooks.log,
      signals: hooks.signals,
    }),
    poller: new IntegrationPoller({
      kinds: params.options.integrations,
      log: hooks.log,
      isReady: hooks.isReady,
      submit: hooks.submitIntegrations,
    }),
  };
}
