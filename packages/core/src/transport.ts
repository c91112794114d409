import { HEADER_REFERRER, HEADER_SESSION_ID, ingestHeaders } from '@milana-js/recorder/protocol';
import type { CallerType } from './types';
import { CLIENT_GIT_HASH, CLIENT_VERSION } from './build-info';
import { guard } from './env';
import { unrefTimer } from './timers';

/** The ingest service when `init` gets no `endpoint` (§2). */
export const DEFAULT_ENDPOINT = 'https://in.getmilana.ai';

/** The four protocol paths (§1). */
export type IngestPath = '/session' | '/update' | '/batch' | '/metrics';

/** Per-request options of a {@link Transport} call. */
export interface PostOptions {
  /** `X-Milana-Session-Id` (§4); omitted when null/undefined/empty. */
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
  /** The response's status text, or the error message when the server was not reached. */
  statusText: string;
  /** The response body, or null when it was not read or could not be read. */
  text: string | null;
}

/** POSTs `body` to `<endpoint><path>`. Resolves an {@link HttpOutcome}; never rejects. */
export type Transport = (
  path: IngestPath,
  body: string | Uint8Array,
  options?: PostOptions,
) => Promise<HttpOutcome>;

/**
 * HTTP to the ingest service for one session's settings, fixed when `init` runs: one function
 * for all four paths, with the protocol headers, a timeout, and outcomes instead of exceptions.
 * `fetch` defaults to the global one, read at request time; no request may hang longer than
 * `timeoutMs` (a stuck server must not leave promises pending).
 *
 * @example
 * const post = createTransport(productId, clientKey, 'core');
 * const outcome = await post('/update', '{"session":{}}', { sessionId });
 */
export function createTransport(
  productId: string,
  clientKey: string,
  callerType: CallerType,
  endpoint = DEFAULT_ENDPOINT,
  fetchImpl?: typeof fetch,
  timeoutMs = 30_000,
): Transport {
  // One trailing `/` is stripped (DEVIATION OPTION of §2: no `//session`).
  const url = endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
  // Intl can be missing or throw in stripped-down runtimes; a header is not worth an exception.
  const intl: Partial<Intl.ResolvedDateTimeFormatOptions> = guard(
    () => Intl.DateTimeFormat().resolvedOptions(),
    {},
  );
  // The headers every request carries (§4), computed once per transport.
  const common = ingestHeaders(
    `${intl.timeZone ?? ''}`,
    `${intl.locale ?? ''}`,
    CLIENT_VERSION,
    CLIENT_GIT_HASH,
    callerType,
    productId,
    clientKey,
  );

  return async (path, body, options = {}) => {
    const headers = { ...common };
    if (options.gzip) headers['Content-Encoding'] = 'gzip';
    if (options.referrer != null) headers[HEADER_REFERRER] = options.referrer;
    if (options.sessionId) headers[HEADER_SESSION_ID] = options.sessionId;
    const outcome: HttpOutcome = { reached: false, status: 0, statusText: '', text: null };
    const { signal } = options;
    try {
      const controller = new AbortController();
      const abort = (): void => controller.abort();
      const timer = setTimeout(abort, timeoutMs);
      unrefTimer(timer);
      signal?.addEventListener('abort', abort);
      if (signal?.aborted) abort();
      try {
        // Read at call time so a fetch polyfilled after init is used; called unbound because
        // browsers throw "Illegal invocation" when fetch runs with a foreign `this`.
        const response = await (fetchImpl ?? fetch)(url + path, {
          method: 'POST',
          headers,
          body: body as BodyInit,
          keepalive: options.keepalive,
          signal: controller.signal,
        });
        outcome.reached = true;
        outcome.status = response.status;
        outcome.statusText = response.statusText ?? '';
        outcome.text = await response.text();
      } finally {
        // The abort listener stays: a caller's signal belongs to one send (the recorder makes one
        // per attempt), and aborting a finished request does nothing.
        clearTimeout(timer);
      }
    } catch (error) {
      // A network error, the timeout, an abort or a missing fetch: an outcome, never an exception.
      if (!outcome.reached)
        outcome.statusText = guard(() => `${(error as Error).message ?? error}`, '');
    }
    return outcome;
  };
}

/** Parses a JSON body, or undefined when there is none or it is not JSON. */
export function parseJson(text: string | null | undefined): unknown {
  return text ? guard(() => JSON.parse(text) as unknown) : undefined;
}
