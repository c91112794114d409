import { cap, debug, type ContextDeps } from './kit.js';
import {
  BODY_MAX,
  bodySize,
  bodyText,
  contentLength,
  isOwn,
  isTextual,
  parseHeaderBlock,
  type NetworkEntry,
  type NetworkRecorder,
} from './network-kit.js';

interface Pending {
  entry: NetworkEntry;
  headers: [string, string][];
}

/**
 * Record `XMLHttpRequest`s by wrapping `open`, `setRequestHeader` and `send` on the prototype.
 * Each wrapper calls the original with the same `this` and arguments (its return
 * value and its exceptions pass through untouched); the outcome is read from `loadend`, a
 * listener the app cannot notice. Response headers come from `getAllResponseHeaders()`, which
 * never logs the browser's "unsafe header" warnings.
 *
 * @example
 * ```ts
 * const restore = wrapXhr(deps, net);
 * const xhr = new XMLHttpRequest(); xhr.open('GET', '/missing'); xhr.send();
 * // on loadend: { initiator: 'xhr', method: 'GET', url: '…/missing', status: 404, ... }
 * restore();
 * ```
 */
export function wrapXhr(deps: ContextDeps, net: NetworkRecorder): () => void {
  const Xhr = deps.win.XMLHttpRequest;
  const proto = Xhr?.prototype;
  if (!proto) return () => undefined;
  const pending = new WeakMap<XMLHttpRequest, Pending>();
  // The originals are always called with call/apply and the request as `this`.
  /* eslint-disable @typescript-eslint/unbound-method */
  const originals = {
    open: proto.open,
    setRequestHeader: proto.setRequestHeader,
    send: proto.send,
  };
  /* eslint-enable @typescript-eslint/unbound-method */
  let active = true;

  const wrappers = {
    open: function open(this: XMLHttpRequest, ...args: unknown[]) {
      const result = (originals.open as (...a: unknown[]) => void).apply(this, args);
      if (active)
        try {
          pending.set(this, {
            entry: { initiator: 'xhr', method: String(args[0]), url: String(args[1]) },
            headers: [],
          });
        } catch (error) {
          debug(deps, 'xhr', error);
        }
      return result;
    },
    setRequestHeader: function setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
      const result = originals.setRequestHeader.call(this, name, value);
      const p = active ? pending.get(this) : undefined;
      if (p) p.headers.push([String(name), String(value)]);
      return result;
    },
    send: function send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const p = active ? pending.get(this) : undefined;
      if (p) {
        // Watched once per open(): a second send() throws in the browser and must not double up.
        pending.delete(this);
        try {
          watch(this, p, body, net, deps);
        } catch (error) {
          debug(deps, 'xhr', error);
        }
      }
      return originals.send.call(this, body);
    },
  };
  const slots = proto as unknown as Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the prototype calls them with the request as `this`
  for (const key of Object.keys(wrappers) as (keyof typeof wrappers)[]) slots[key] = wrappers[key];

  return () => {
    active = false;
    // A library that wrapped after us keeps its wrapper; ours stays inert behind it.
    for (const key of Object.keys(wrappers) as (keyof typeof wrappers)[])
      if (slots[key] === wrappers[key]) slots[key] = originals[key];
  };
}

function watch(
  xhr: XMLHttpRequest,
  p: Pending,
  body: unknown,
  net: NetworkRecorder,
  deps: ContextDeps,
): void {
  if (net.skip(p.entry.url, isOwn(p.headers))) return;
  const entry = p.entry;
  entry.requestSize = bodySize(body);
  entry.requestHeaders = net.pick(p.headers);
  if (net.settings.bodies) entry.requestBody = bodyText(body);
  const started = net.now();
  let failure: string | undefined;
  const onFail = (event: Event): void => {
    failure = event.type === 'error' ? 'network error' : event.type;
  };
  const onEnd = (): void => {
    for (const type of ['error', 'abort', 'timeout']) xhr.removeEventListener(type, onFail);
    xhr.removeEventListener('loadend', onEnd);
    try {
      entry.duration = net.now() - started;
      entry.status = xhr.status;
      if (failure) entry.error = failure;
      const pairs = parseHeaderBlock(xhr.getAllResponseHeaders() || '');
      const header = (key: string) => pairs.find(([name]) => name.toLowerCase() === key)?.[1];
      entry.responseHeaders = net.pick(pairs);
      entry.responseSize = contentLength(header('content-length')) ?? responseSize(xhr);
      if (
        net.settings.bodies &&
        isTextual(header('content-type')) &&
        (xhr.responseType || 'text') === 'text'
      )
        entry.responseBody = cap(xhr.responseText, BODY_MAX);
      net.record(entry);
    } catch (error) {
      debug(deps, 'xhr', error);
    }
  };
  for (const type of ['error', 'abort', 'timeout']) xhr.addEventListener(type, onFail);
  xhr.addEventListener('loadend', onEnd);
}

/** Size of a finished XHR's response when no Content-Length said it. */
function responseSize(xhr: XMLHttpRequest): number | undefined {
  const type = xhr.responseType;
  if (type === '' || type === 'text') return xhr.responseText ? xhr.responseText.length : 0;
  const r: unknown = xhr.response;
  if (r instanceof ArrayBuffer) return r.byteLength;
  if (r instanceof Blob) return r.size;
  return undefined;
}
