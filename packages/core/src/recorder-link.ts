import type {
  Recorder,
  RecorderHost,
  RecorderModule,
  RecorderOptions,
  SendOptions,
  SendOutcome,
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

/** Builds the seam object of `packages/recorder/src/host.ts` for one session id. */
export function createRecorderHost(config: RecorderLinkConfig, sessionId: string): RecorderHost {
  const { transport, signals, log } = config;
  return Object.freeze({
    options: config.options,
    sessionId,
    async send(
      path: '/batch' | '/metrics',
      body: string | Uint8Array,
      options: SendOptions = {},
    ): Promise<SendOutcome> {
      try {
        const outcome = await transport.post(path, body, {
          sessionId,
          keepalive: options.keepalive,
          signal: options.signal,
          gzip: options.gzip,
        });
        // The body goes over on every status: the recorder honours a restart asked for in a
        // non-2xx answer (the §8.3 deviation option) and treats any other non-2xx as a failure.
        return {
          reached: outcome.reached,
          status: outcome.status,
          json: outcome.reached ? parseJson(outcome.text) : undefined,
        };
      } catch (error) {
        log.debug('recorder send failed', error);
        return { reached: false, status: 0, json: undefined };
      }
    },
    requestRestart: () => signals.requestRestart(sessionId),
    markNotSampled: (idInBody: string) => signals.markNotSampled(sessionId, idInBody),
    halt: (reason: 'retry-limit' | 'buffer-overflow' | 'event-too-large') =>
      signals.halt(sessionId, reason),
    sanitizeUrl: (url: string) => config.sanitizeUrl(url),
    log: {
      debug: (message: string, ...details: unknown[]) => log.debug(message, ...details),
      info: (message: string, ...details: unknown[]) => log.info(message, ...details),
      warn: (message: string, ...details: unknown[]) => log.warn(message, ...details),
    },
  });
}

/**
 * The client's handle on the (lazily loaded) recorder: starts it for a session, holds
 * `trackEvent` calls while the module loads and stops it for one of the seam's reasons.
 */
export class RecorderLink {
  private _recorder: Recorder | null = null;
  /** The session a start is pending or running for; a newer start or a stop invalidates it. */
  private _activeFor: { sessionId: string } | null = null;
  private _held: Array<[string, TrackEventAttributes]> = [];

  constructor(private readonly _config: RecorderLinkConfig) {}

  /** True once the recorder runs, or while it is loading for a session. */
  get active(): boolean {
    return this._activeFor !== null;
  }

  /** Loads the module and starts a recorder bound to `sessionId`. */
  async start(sessionId: string): Promise<void> {
    const token = { sessionId };
    this._activeFor = token;
    let mod: RecorderModule;
    try {
      mod = await this._config.loader();
      if (!mod || typeof mod.startRecorder !== 'function')
        throw new TypeError('startRecorder is missing');
    } catch (error) {
      if (this._activeFor !== token) return;
      this._activeFor = null;
      this._held = [];
      this._config.log.info('the recorder could not be loaded; not recording', error);
      this._config.signals.loadFailed(sessionId);
      return;
    }
    if (this._activeFor !== token) return; // stopped or restarted while loading
    try {
      this._recorder = mod.startRecorder(createRecorderHost(this._config, sessionId));
    } catch (error) {
      this._activeFor = null;
      this._held = [];
      this._config.log.info('the recorder failed to start; not recording', error);
      this._config.signals.loadFailed(sessionId);
      return;
    }
    const held = this._held;
    this._held = [];
    for (const [name, attributes] of held) this._forward(name, attributes);
  }

  /** Hands a validated event to the recorder, or holds it until the recorder runs. */
  trackEvent(name: string, attributes: TrackEventAttributes): void {
    if (this._recorder) {
      this._forward(name, attributes);
    } else if (this._activeFor) {
      if (this._held.length >= MAX_HELD_EVENTS) {
        this._held.shift();
        this._config.log.warn(
          'trackEvent: too many events while the recorder loads; the oldest was dropped',
        );
      }
      this._held.push([name, attributes]);
    }
  }

  /** Stops the recorder (or cancels a pending start). Idempotent. */
  stop(reason: StopReason): void {
    const recorder = this._recorder;
    this._recorder = null;
    this._activeFor = null;
    this._held = [];
    if (!recorder) return;
    try {
      recorder.stop(reason);
    } catch (error) {
      this._config.log.debug('recorder.stop threw', error);
    }
  }

  /** Forgets a recorder that already tore itself down (`halt`). */
  forget(): void {
    this._recorder = null;
    this._activeFor = null;
    this._held = [];
  }

  private _forward(name: string, attributes: TrackEventAttributes): void {
    try {
      this._recorder?.trackEvent(name, attributes);
    } catch (error) {
      this._config.log.debug('recorder.trackEvent threw', error);
    }
  }
}
