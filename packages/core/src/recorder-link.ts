import type {
  Recorder,
  RecorderHost,
  RecorderModule,
  RecorderOptions,
  StopReason,
} from '@milana-js/recorder';
import type { TrackEventAttributes } from './types';
import type { Logger } from './log';
import type { Transport } from './transport';
import { parseJson } from './transport';

/** Loads the recorder package; a dynamic import by default so unsampled pages never fetch it. */
export type RecorderLoader = () => Promise<RecorderModule>;

/** The default loader: the recorder is a separate chunk fetched on demand. */
export const defaultRecorderLoader: RecorderLoader = () =>
  // Typed through the seam: core's tsconfig maps the package to its seam types only.
  import('@milana-js/recorder') as Promise<unknown> as Promise<RecorderModule>;

/** Events held while the recorder module loads; far more than any page emits in that time. */
const MAX_HELD_EVENTS = 1000;

/** What a host forwards from the recorder to the client, always with the host's session id. */
export interface RecorderSignals {
  requestRestart(sessionId: string): void;
  markNotSampled(hostSessionId: string, sessionIdInBody: string): void;
  halt(sessionId: string, reason: 'retry-limit' | 'buffer-overflow' | 'event-too-large'): void;
  loadFailed(sessionId: string): void;
}

/** Everything the link needs to build hosts. */
export interface RecorderLinkConfig {
  loader: RecorderLoader;
  transport: Transport;
  options: RecorderOptions;
  sanitizeUrl: (url: string) => string;
  log: Logger;
  signals: RecorderSignals;
}

/**
 * The client's handle on the (lazily loaded) recorder: starts it for a session, holds
 * `trackEvent` calls while the module loads and stops it for one of the seam's reasons.
 */
export interface RecorderLink {
  /** True once the recorder runs, or while it is loading for a session. */
  readonly active: boolean;
  /** Loads the module and starts a recorder bound to `sessionId`; a load failure signals `loadFailed`. */
  start(sessionId: string): Promise<void>;
  /** Hands a validated event to the recorder, or holds it (bounded) until the recorder runs. */
  trackEvent(name: string, attributes: TrackEventAttributes): void;
  /** Stops the recorder (or cancels a pending start). Idempotent. */
  stop(reason: StopReason): void;
  /** Forgets a recorder that already tore itself down (`halt`). */
  forget(): void;
}

/** Creates the {@link RecorderLink} of one `init`. */
export function createRecorderLink(config: RecorderLinkConfig): RecorderLink {
  const { transport, signals, log } = config;
  let recorder: Recorder | null = null;
  /** The start that is pending or running; a newer start or a stop replaces it. */
  let current: object | null = null;
  let held: Array<[string, TrackEventAttributes]> = [];

  const forget = (): void => {
    recorder = current = null;
    held = [];
  };
  // A throwing recorder must not break the app; its errors are only worth a debug line.
  const safely = (call: () => void): void => {
    try {
      call();
    } catch (error) {
      log.debug('the recorder threw', error);
    }
  };
  const forward = (name: string, attributes: TrackEventAttributes): void =>
    safely(() => recorder?.trackEvent(name, attributes));

  /** The seam object of `packages/recorder/src/host.ts`, bound to one session id. */
  const host = (sessionId: string): RecorderHost => ({
    options: config.options,
    sessionId,
    // The body goes over on every status: the recorder honours a restart asked for in a non-2xx
    // answer (the §8.3 deviation option) and treats any other non-2xx as a failure.
    send: async (path, body, options) => {
      const outcome = await transport(path, body, { ...options, sessionId });
      return { reached: outcome.reached, status: outcome.status, json: parseJson(outcome.text) };
    },
    requestRestart: () => signals.requestRestart(sessionId),
    markNotSampled: (idInBody) => signals.markNotSampled(sessionId, idInBody),
    halt: (reason) => signals.halt(sessionId, reason),
    sanitizeUrl: config.sanitizeUrl,
    log,
  });

  return {
    get active() {
      return current !== null;
    },
    async start(sessionId) {
      const mine = (current = {});
      try {
        const mod = await config.loader();
        if (current !== mine) return; // stopped or restarted while loading
        recorder = mod.startRecorder(host(sessionId));
      } catch (error) {
        // The chunk failed to load, the module has no startRecorder, or starting threw.
        if (current !== mine) return;
        forget();
        log.info('the recorder could not be loaded or started; not recording', error);
        signals.loadFailed(sessionId);
        return;
      }
      const events = held;
      held = [];
      for (const [name, attributes] of events) forward(name, attributes);
    },
    trackEvent(name, attributes) {
      if (recorder) forward(name, attributes);
      else if (current && held.push([name, attributes]) > MAX_HELD_EVENTS) {
        held.shift();
        log.warn('trackEvent: over 1000 events while the recorder loads; the oldest was dropped');
      }
    },
    stop(reason) {
      const stopping = recorder;
      forget();
      safely(() => stopping?.stop(reason));
    },
    forget,
  };
}
