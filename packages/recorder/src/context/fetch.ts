import { debug, type ContextDeps } from './kit.js';
import {
  BODY_MAX,
  bodySize,
  bodyText,
  contentLength,
  headerPairs,
  isOwn,
  isTextual,
  type NetworkEntry,
  type NetworkRecorder,
} from './network-kit.js';

/**
 * Wrap `window.fetch` so every call is recorded, without changing what the app sees: the
 * original is called with the same `this` and arguments; its Response (streams untouched, no
 * clone unless bodies were asked for) and its rejection (aborts included) reach the caller as
 * they are. The wrapper is returned through one `.then`, so an unhandled failure still surfaces
 * as an unhandled rejection with the same reason.
 *
 * Undo: if `window.fetch` is still our wrapper, the original goes back; if another library
 * wrapped it after us, their wrapper stays and ours turns into a plain pass-through.
 *
 * @example
 * ```ts
 * const restore = wrapFetch(deps, net);
 * await fetch('/api/cart'); // recorded as { initiator: 'fetch', method: 'GET', status: 200, ... }
 * restore();
 * ```
 */
export function wrapFetch(deps: ContextDeps, net: NetworkRecorder): () => void {
  const win = deps.win;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- always called with apply(this)
  const original = win.fetch;
  if (typeof original !== 'function') return () => undefined;
  let active = true;

  const wrapper = function fetch(this: unknown, ...args: Parameters<typeof win.fetch>) {
    if (!active) return original.apply(this, args);
    let entry: NetworkEntry | undefined;
    let started = 0;
    try {
      entry = describe(args[0], args[1], net);
      started = net.now();
    } catch (error) {
      debug(deps, 'fetch', error);
    }
    const result = original.apply(this, args);
    if (!entry) return result;
    const e = entry;
    return result.then(
      (response) => {
        try {
          observe(e, response, started, net);
        } catch (error) {
          debug(deps, 'fetch', error);
        }
        return response;
      },
      (error: unknown) => {
        try {
          e.status = 0;
          // An abort rejects with the signal's reason, which is any value the app chose.
          const signal = args[1]?.signal ?? (args[0] as Request | undefined)?.signal;
          const aborted = signal?.aborted === true || (error as Error)?.name === 'AbortError';
          e.error = aborted ? 'abort' : 'network error';
          e.duration = net.now() - started;
          net.record(e);
        } catch (failure) {
          debug(deps, 'fetch', failure);
        }
        throw error;
      },
    );
  };
  win.fetch = wrapper;
  return () => {
    active = false;
    if (win.fetch === wrapper) win.fetch = original;
  };
}

/** The request half of an entry, or undefined when the request is not to be recorded. */
function describe(
  input: unknown,
  init: RequestInit | undefined,
  net: NetworkRecorder,
): NetworkEntry | undefined {
  const request = typeof Request === 'function' && input instanceof Request ? input : undefined;
  const url = request ? request.url : String(input);
  const headers = headerPairs(init?.headers ?? request?.headers);
  if (net.skip(url, isOwn(headers))) return undefined;
  const body = init?.body;
  const entry: NetworkEntry = {
    initiator: 'fetch',
    method: String(init?.method ?? request?.method ?? 'GET'),
    url,
    requestSize: bodySize(body),
    requestHeaders: net.pick(headers),
  };
  if (net.settings.bodies) entry.requestBody = bodyText(body);
  return entry;
}

/** The response half: status, sizes, headers; the body only when asked (from a clone). */
function observe(
  entry: NetworkEntry,
  response: Response,
  started: number,
  net: NetworkRecorder,
): void {
  entry.status = response.status;
  entry.duration = net.now() - started;
  const headers = response.headers;
  entry.responseSize = contentLength(headers?.get('content-length'));
  entry.responseHeaders = net.pick(headers ? [...headers] : []);
  if (!net.settings.bodies || !isTextual(headers?.get('content-type')) || response.bodyUsed) {
    net.record(entry);
    return;
  }
  // The clone tees the stream: the app reads its copy at its own pace; ours is read to the end.
  let copy: Response;
  try {
    copy = response.clone();
  } catch {
    net.record(entry);
    return;
  }
  copy.text().then(
    (text) => {
      entry.responseBody = text.length > BODY_MAX ? text.slice(0, BODY_MAX) + '…' : text;
      entry.responseSize ??= new Blob([text]).size;
      net.record(entry);
    },
    () => net.record(entry),
  );
}
