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
  /** The recorder stopped for good: a seam reason, or the link's load failure (with its error). */
  halt(sessionId: string, reason: string, ...error: unknown[]): void;
}

/**
 * The client's handle on the (lazily loaded) recorder: starts it for a session, holds
 * `trackEvent` calls while the module loads and stops it for one of the seam's reasons.
 */
export interface RecorderLink {
  /** Loads the module and starts a recorder bound to `sessionId`; a load failure signals `halt`. */
  _start(sessionId: string): Promise<void>;
  /** Hands a validated event to the recorder, or holds it (bounded) until the recorder runs. */
  _track(name: string, attributes: TrackEventAttributes): void;
  /** Stops the recorder (or cancels a pending start). Idempotent. */
  _stop(reason: StopReason): void;
  /** Forgets a recorder that already tore itself down (`halt`). */
  _forget(): void;
}

/**
 * Creates the {@link RecorderLink} of one `init`: `loader` fetches the module, and every host it
 * builds posts through `transport` and carries `options`, `sanitizeUrl`, `log` and `signals`.
 */
export function createRecorderLink(
  loader: RecorderLoader,
  transport: Transport,
  options: RecorderOptions,
  sanitizeUrl: (url: string) => string,
  log: Logger,
  signals: RecorderSignals,
): RecorderLink {
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
    options,
    sessionId,
    // The body goes over on every status: the recorder honours a restart asked for in a non-2xx
    // answer (the §8.3 deviation option) and treats any other non-2xx as a failure.
    send: async (path, body, sendOptions) => {
      const outcome = await transport(path, body, { ...sendOptions, sessionId });
      return { reached: outcome.reached, status: outcome.status, json: parseJson(outcome.text) };
    },
    requestRestart: () => signals.requestRestart(sessionId),
    markNotSampled: (idInBody) => signals.markNotSampled(sessionId, idInBody),
    halt: (reason) => signals.halt(sessionId, reason),
    sanitizeUrl,
    log,
  });

  return {
    async _start(sessionId) {
      const mine = (current = {});
      try {
        const mod = await loader();
        if (current !== mine) return; // stopped or restarted while loading
        recorder = mod.startRecorder(host(sessionId));
      } catch (error) {
        // The chunk failed to load, the module has no startRecorder, or starting threw.
        if (current === mine) {
          forget();
          signals.halt(sessionId, 'the recorder could not be loaded', error);
        }
        return;
      }
      const events = held;
      held = [];
      for (const [name, attributes] of events) forward(name, attributes);
    },
    _track(name, attributes) {
      if (recorder) forward(name, attributes);
      else if (current && held.push([name, attributes]) > MAX_HELD_EVENTS) {
        held.shift();
        log.warn('trackEvent: dropped, over 1000 events wait for the recorder to load');
      }
    },
    _stop(reason) {
      const stopping = recorder;
      forget();
      safely(() => stopping?.stop(reason));
    },
    _forget: forget,
  };
}
