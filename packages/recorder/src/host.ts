/**
 * The seam between the core client and the recorder.
 *
 * The core owns the session (its id, its state, identity) and HTTP headers; the recorder owns
 * everything about the event stream: rrweb capture, custom events, the batch buffer, `/batch`
 * and `/metrics` sends, retry/backoff, compression and the page lifecycle (ingest-protocol §8–13,
 * §17–18). The core loads this package lazily (a dynamic import once a session is sampled) and
 * talks to it only through these two interfaces. This package never imports the core, so the
 * dependency goes one way only (core -> recorder).
 */
import type {
  CUSTOM_FOCUS,
  CUSTOM_QUERY,
  CUSTOM_TRACK,
  CUSTOM_URL,
  CUSTOM_VISIBILITY,
} from './protocol.js';

/**
 * Input types whose values are always masked, on top of `password`, `email` and `tel`: either
 * `{ url: true }` (a `false` never unmasks one of those three) or `['url']`.
 */
export type MaskInputTypes =
  { readonly [inputType: string]: boolean | undefined } | readonly string[];

/**
 * What the recorder may capture (the `privacy` option of `init`). Masking levels: `normal` masks
 * password, email and tel values and anything marked `milana-mask`; `high` masks every input
 * value; `xhigh` masks all text and inputs and blocks media.
 *
 * A class option (`blockClass`, `ignoreClass`, `maskTextClass`, `maskInputClass`, `unmaskClass`)
 * replaces that option's default `milana-*` class; `""` turns the class rule off. A RegExp is
 * tested against each class name as if fresh: `g` is ignored and a sticky `y` pattern matches only
 * at the start of the class name (`/secret/y` matches `secret-x`, not `not-secret`).
 */
export interface PrivacyOptions {
  maskingLevel?: 'normal' | 'high' | 'xhigh';
  blockClass?: string | RegExp;
  blockSelector?: string;
  ignoreClass?: string | RegExp;
  ignoreSelector?: string;
  maskTextClass?: string | RegExp;
  maskInputClass?: string | RegExp;
  maskSelector?: string;
  unmaskClass?: string | RegExp;
  unmaskSelector?: string;
  maskInputTypes?: MaskInputTypes;
  shouldTrackQueryParams?: boolean;
  queryTrackingParamsDenyList?: RegExp[];
  shouldUseLayoutPreservingMasking?: boolean;
}

/** Console methods that `capture.console` can record. */
export type ConsoleLevel = 'debug' | 'info' | 'log' | 'warn' | 'error' | 'assert' | 'trace';

/**
 * Context capture beside the replay (`init` option `capture`); every part is off by default.
 * Validated by the recorder: a bad value gets one `Milana:` line and that part stays off.
 */
export interface ContextCaptureOptions {
  /** Console calls as `rrweb/console@1` events; `true` records `warn` and `error`. */
  console?: boolean | { levels?: ConsoleLevel[] };
  /** `fetch`, `XMLHttpRequest` and `sendBeacon` as `milana/network@1` events. */
  network?:
    | boolean
    | {
        /**
         * Headers to keep: `true` for a small default allow-list (content type and length,
         * accept, cache control, request id), or the names to keep. `Authorization`, `Cookie`,
         * `Set-Cookie` and `Proxy-Authorization` are never kept. Default: no headers.
         */
        headers?: boolean | string[];
        /** Text request and response bodies, capped; never at `maskingLevel: "xhigh"`. */
        bodies?: boolean;
        /** Requests to leave out: a string matches anywhere in the URL, a RegExp is tested. */
        ignoreUrls?: (string | RegExp)[];
      };
  /** Uncaught errors and unhandled rejections as `milana/error@1` events. */
  errors?: boolean;
}

/**
 * The recording options of `init`. The core's `InitOptions` extends this with the options the
 * recorder does not need (`endpoint`, `integrations`), so the two can never drift apart.
 */
export interface RecorderOptions {
  privacy?: PrivacyOptions;
  shouldRecordCanvas?: boolean;
  shouldRecordCrossOriginIframes?: boolean;
  disableContentEditableRecording?: boolean;
  /** Console, network and error capture; off unless asked (see `ContextCaptureOptions`). */
  capture?: ContextCaptureOptions;
  /** Undocumented switches kept for compatibility. */
  _internal?: {
    shouldTrackPerformance?: boolean;
    shouldForceUncompressedPayloads?: boolean;
  };
}

/** Options of one HTTP send made through the host. */
export interface SendOptions {
  /** `fetch`'s keepalive: only the hide-flush and the page-close ping set it (§3). */
  keepalive?: boolean;
  /** Only the regular `/batch` send is abortable (§3). */
  signal?: AbortSignal;
  /** The body is gzip bytes: the host adds `Content-Encoding: gzip` (§12). */
  gzip?: boolean;
}

/** What the host tells the recorder about one HTTP send. Never rejects. */
export interface SendOutcome {
  /** false on a network error or abort. */
  reached: boolean;
  /** HTTP status, 0 when the server was not reached. */
  status: number;
  /**
   * The parsed JSON body on 2xx when it was JSON (`/batch` regular sends), otherwise undefined.
   * A host MAY also pass the parsed JSON of a non-2xx `/batch` answer: the recorder then honours a
   * `shouldRestartSession: true` in it (§8.3 DEVIATION option); any other non-2xx is a retry.
   */
  json: unknown;
}

/** Log levels the recorder uses; every line is prefixed `Milana: ` by the host. */
export interface RecorderLog {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
}

/** What the core hands the recorder when it starts it. Bound to one session id. */
export interface RecorderHost {
  readonly options: RecorderOptions;
  /** The session this recorder belongs to. */
  readonly sessionId: string;
  /**
   * POST `body` to `<endpoint><path>` with every protocol header (§4), including
   * `X-Milana-Session-Id: <sessionId>`. Never rejects.
   */
  send(
    path: '/batch' | '/metrics',
    body: string | Uint8Array,
    options?: SendOptions,
  ): Promise<SendOutcome>;
  /** A `/batch` answer asked for a restart (§8.3, §16). Ignored by the core if the session changed. */
  requestRestart(): void;
  /** A `/batch` answer said `SESSION_NOT_IDENTIFIED` (§8.3); `sessionId` is the id in that body. */
  markNotSampled(sessionId: string): void;
  /** The recorder gave up: retry limit (§11), buffer cap or single-event cap (§10). */
  halt(reason: 'retry-limit' | 'buffer-overflow' | 'event-too-large'): void;
  /** URL sanitisation of §18, configured from the init options. */
  sanitizeUrl: (url: string) => string;
  readonly log: RecorderLog;
}

/** Why the core stops a recorder. */
export type StopReason =
  /** `stopRecording()`: send the client-abort batch (§14), then the final `/metrics`. */
  | 'abort'
  /**
   * a server-driven restart (§16): drop the buffer, send nothing. The capture goes on for the
   * next session, held in memory until `startRecorder` adopts it (see `Recorder.stop`).
   */
  | 'restart'
  /** the session became not sampled: drop the buffer, send nothing. */
  | 'not-sampled'
  /** the visitor withdrew consent: drop the buffer, send nothing (not even `/metrics`). */
  | 'denied';

/** A Milana custom event payload (rrweb type 5, tag `V`, §17.2). */
export type MilanaCustomPayload =
  | {
      type: typeof CUSTOM_TRACK;
      name: string;
      attributes: { [key: string]: string | number | boolean | null };
    }
  | {
      type: typeof CUSTOM_URL | typeof CUSTOM_QUERY;
      name: string;
      attributes: { [key: string]: string };
    }
  | { type: typeof CUSTOM_VISIBILITY; visibilityState: 'hidden' | 'visible' }
  | { type: typeof CUSTOM_FOCUS; hasFocus: boolean };

/** A running recorder, returned by `startRecorder`. */
export interface Recorder {
  /**
   * Add a `trackEvent` (payload type 1) as the app passed it: the recorder validates it (§17.4,
   * with the `Milana: trackEvent: …` warnings) and drops it when the name is invalid. Events added
   * before rrweb has started (it starts at idle time) are kept and emitted once it runs.
   */
  trackEvent(name: unknown, attributes: unknown): void;
  /**
   * Tear everything down. Idempotent. Without a reason (the core halted, or the next session is
   * not sampled) it ends like `'not-sampled'`: nothing is sent.
   *
   * `'restart'` is the exception: the old session's events are dropped and nothing is sent, but
   * the capture keeps recording for the next session (a new Meta and full snapshot, then the
   * events after it, in memory under the §23 memory bound). The next `startRecorder` with the
   * same `options` object adopts that capture and sends its events under the new session id.
   * Until then this recorder holds it: `trackEvent` adds to it, `stop('restart')` drops what it
   * holds and takes a new snapshot, and any other `stop` ends it (observers disconnected, events
   * discarded, nothing sent).
   */
  stop(reason?: StopReason): void;
}

/** The module shape the core's lazy loader resolves to. */
export interface RecorderModule {
  startRecorder(host: RecorderHost): Recorder;
  /** Run inside a cross-origin iframe whose parent records (`initCrossOriginIframe`). */
  startCrossOriginIframeRecorder(): void;
  /**
   * `stopRecording()` arrived while this module was loading: send what `stop('abort')` of a
   * running recorder sends (the client-abort `/batch`, then the final `/metrics`, §14) without
   * ever starting a capture. Optional, so a custom module without it only skips those requests.
   */
  abortRecorder?(host: RecorderHost): void;
}
