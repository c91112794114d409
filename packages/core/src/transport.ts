import type { CallerType } from './types';
import { CLIENT_GIT_HASH, CLIENT_VERSION } from './build-info';
import { unrefTimer } from './timers';

/** The ingest service when `init` gets no `endpoint` (§2). */
export const DEFAULT_ENDPOINT = 'https://in.getmilana.ai';

/** No request may hang longer than this; a stuck server must not leave promises pending. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** The four protocol paths (§1). */
export type IngestPath = '/session' | '/update' | '/batch' | '/metrics';

/** Per-request options of {@link Transport.post}. */
export interface PostOptions {
  /** `X-Milana-Session-Id` (§4); omitted when null/undefined. */
  sessionId?: string | null;
  /** `X-Milana-Referrer`, `/session` only (§4). */
  referrer?: string;
  keepalive?: boolean;
  signal?: AbortSignal;
  /** The body is gzip bytes (§12): adds `Content-Encoding: gzip`. */
  gzip?: boolean;
}

/** What happened to one request. Never an exception. */
export interface HttpOutcome {
  /** false on a network error, an abort or the timeout. */
  reached: boolean;
  status: number;
  statusText: string;
  /** The response body, or null when it was not read or could not be read. */
  text: string | null;
}

/** The outcome of a request that never got an answer. */
function unreached(statusText: string): HttpOutcome {
  return { reached: false, status: 0, statusText, text: null };
}

/** Settings of one client's transport, fixed when `init` runs. */
export interface TransportConfig {
  endpoint?: string;
  productId: string;
  clientKey: string;
  callerType: CallerType;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Strips one trailing `/` (DEVIATION OPTION of §2, so `https://x/` does not give `//session`). */
export function normalizeEndpoint(endpoint: string | undefined): string {
  const base = typeof endpoint === 'string' && endpoint.length > 0 ? endpoint : DEFAULT_ENDPOINT;
  return base.endsWith('/') ? base.slice(0, -1) : base;
}

function resolvedIntl(): { timeZone: string; locale: string } {
  // Intl can be missing or throw in stripped-down runtimes; a header is not worth an exception.
  try {
    const options = Intl.DateTimeFormat().resolvedOptions();
    return { timeZone: String(options.timeZone ?? ''), locale: String(options.locale ?? '') };
  } catch {
    return { timeZone: '', locale: '' };
  }
}

/** The headers every request carries (§4), computed once per transport. */
export function baseHeaders(
  config: Pick<TransportConfig, 'productId' | 'clientKey' | 'callerType'>,
): Record<string, string> {
  const intl = resolvedIntl();
  return {
    'Content-Type': 'application/json',
    'X-Milana-Time-Zone': intl.timeZone,
    'X-Milana-Locale': intl.locale,
    'X-Milana-Client-Version': CLIENT_VERSION,
    'X-Milana-Client-Git-Hash': CLIENT_GIT_HASH,
    'X-Milana-Protocol-Version': '1',
    'X-Milana-Caller-Type': config.callerType,
    'X-Milana-Product-Id': config.productId,
    'X-Milana-Client-Key': config.clientKey,
  };
}

/**
 * HTTP to the ingest service: one `post` for all four paths, with the protocol headers, a
 * timeout, and outcomes instead of exceptions.
 *
 * @example
 * const transport = new Transport({ productId, clientKey, callerType: 'core' });
 * const outcome = await transport.post('/update', '{"session":{}}', { sessionId });
 */
export class Transport {
  readonly baseUrl: string;
  private readonly _headers: Record<string, string>;
  private readonly _fetchImpl: typeof fetch | undefined;
  private readonly _timeoutMs: number;

  constructor(config: TransportConfig) {
    this.baseUrl = normalizeEndpoint(config.endpoint);
    this._headers = baseHeaders(config);
    this._fetchImpl = config.fetch;
    this._timeoutMs = config.timeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  /** POSTs `body` to `<endpoint><path>`. Resolves an {@link HttpOutcome}; never rejects. */
  async post(
    path: IngestPath,
    body: string | Uint8Array,
    options: PostOptions = {},
  ): Promise<HttpOutcome> {
    const headers: Record<string, string> = { ...this._headers };
    if (options.gzip) headers['Content-Encoding'] = 'gzip';
    if (typeof options.referrer === 'string') headers['X-Milana-Referrer'] = options.referrer;
    if (typeof options.sessionId === 'string' && options.sessionId.length > 0) {
      headers['X-Milana-Session-Id'] = options.sessionId;
    }

    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const onCallerAbort = (): void => controller?.abort();
    if (options.signal) {
      if (options.signal.aborted) return unreached('aborted');
      options.signal.addEventListener('abort', onCallerAbort);
    }
    const timer = controller ? setTimeout(() => controller.abort(), this._timeoutMs) : null;
    unrefTimer(timer);

    try {
      // Read at call time so a fetch polyfilled after init is used; called unbound because
      // browsers throw "Illegal invocation" when fetch runs with a foreign `this`.
      const doFetch = this._fetchImpl ?? globalThis.fetch;
      if (typeof doFetch !== 'function') return unreached('no fetch');
      const init: RequestInit = {
        method: 'POST',
        headers,
        body: body as BodyInit,
      };
      if (options.keepalive) init.keepalive = true;
      if (controller) init.signal = controller.signal;
      const response = await doFetch(this.baseUrl + path, init);
      let text: string | null = null;
      try {
        text = await response.text();
      } catch {
        text = null;
      }
      return {
        reached: true,
        status: response.status,
        statusText: response.statusText ?? '',
        text,
      };
    } catch (error) {
      return unreached(error instanceof Error ? error.message : String(error));
    } finally {
      if (timer !== null) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

/** Parses a JSON body, or undefined when there is none or it is not JSON. */
export function parseJson(text: string | null): unknown {
  if (text === null || text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
