/** One HTTP request as the test server received it. */
export interface RecordedRequest {
  /** URL pathname without the query string, e.g. `/session`. */
  path: string;
  /** Full request target as sent, including any query string. */
  url: string;
  method: string;
  /** Header names are lower-case; repeated headers are joined with `, `. */
  headers: Record<string, string>;
  /** UTF-8 body text, gunzipped when `Content-Encoding: gzip` was sent. */
  bodyText: string;
  /** `JSON.parse(bodyText)`, or `undefined` when the body is empty or not JSON. */
  json: unknown;
  /** True when the request carried `Content-Encoding: gzip`. */
  gzip: boolean;
  /** Set when a gzip body could not be decoded; `bodyText` is then empty. */
  decodeError?: string;
  /** Never set: keepalive is a browser-side fetch flag that a server cannot observe. */
  keepalive?: never;
  /** `Date.now()` when the body was fully read. */
  at: number;
  /** Arrival order across every request (preflights included), starting at 1. */
  seq: number;
}

/** How the server answers one request. */
export interface ResponseSpec {
  /** HTTP status, default 200. */
  status?: number;
  /** Sent as `application/json`. Takes precedence over `body`. */
  json?: unknown;
  /** Raw body text, sent as `text/plain`. */
  body?: string;
  /** Wait this long before answering (real timers, unaffected by fake timers in the test). */
  delayMs?: number;
  /** Destroy the socket instead of answering, so the client sees a network failure. */
  networkError?: boolean;
  /** Never answer; the connection stays open until the server closes. */
  hang?: boolean;
}

/** A fixed answer, or a function computing one from the request. */
export type Responder =
  | ResponseSpec
  | ((req: RecordedRequest, server: TestServer) => ResponseSpec | Promise<ResponseSpec>);

/** Options for {@link startTestServer}. */
export interface TestServerOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Close automatically when no request arrived for this long; default 120000 ms. */
  idleTimeoutMs?: number;
}

/** A running scriptable ingest server. */
export interface TestServer {
  /** Base URL, `http://127.0.0.1:PORT`, usable as the SDK `endpoint`. */
  readonly url: string;
  /** Every non-OPTIONS request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Every OPTIONS (CORS preflight) request, in arrival order. */
  readonly preflights: RecordedRequest[];
  /** True once {@link TestServer.close} ran or the idle timer closed the server. */
  readonly closed: boolean;
  /** The non-OPTIONS requests whose pathname is exactly `path`. */
  requestsTo(
    path: '/session' | '/update' | '/batch' | '/metrics' | (string & {}),
  ): RecordedRequest[];
  /** Replace the happy default answer for `path`. */
  setDefault(path: string, responder: Responder): void;
  /** Queue one-shot answers for `path`; they are used first-in first-out before the default. */
  enqueue(path: string, ...responders: Responder[]): void;
  /**
   * Resolve with the first `count` requests to `path` once they have arrived.
   * Rejects with a descriptive error after `timeoutMs` (default 5000) or when the server closes.
   */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Forget requests, queued and custom answers, and the id counters. */
  reset(): void;
  /** Resolves once the server has closed, whether by {@link TestServer.close} or the idle timer. */
  whenClosed(): Promise<void>;
  /** Stop listening and drop every open connection, including hanging ones. */
  close(): Promise<void>;
}
