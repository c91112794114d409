import type { ResolvedCapture } from './options.js';
import { NETWORK_PLUGIN, cap, debug, rateLimit, type ContextDeps } from './kit.js';

/** Cap of a recorded body (characters); longer bodies are cut and marked. */
export const BODY_MAX = 4_000;
/** Burst limit of network entries a second (a polling loop must not flood the recording). */
const NETWORK_BURST = 100;
/** Paths of the ingest protocol (§1): a request to `<ingest base><path>` is the SDK's own. */
const INGEST_PATH = /\/(session|update|batch|metrics)$/;
/** The header every request of the SDK's transport carries (§4). */
const OWN_HEADER = 'x-milana-client-key';

export type Initiator = 'fetch' | 'xhr' | 'beacon';

/** One request as the wrappers saw it, before it becomes a `milana/network@1` payload. */
export interface NetworkEntry {
  initiator: Initiator;
  method: string;
  /** The URL as the app gave it (absolute or relative). */
  url: string;
  /** 0 when the server was not reached (or the response is opaque). */
  status?: number;
  /** `"network error"`, `"abort"`, `"timeout"` when the request failed. */
  error?: string;
  duration?: number;
  requestSize?: number;
  responseSize?: number;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
  /** sendBeacon only: whether the browser queued it. */
  queued?: boolean;
}

/** The shared part of the three wrappers: filtering, own-request detection, emitting. */
export interface NetworkRecorder {
  settings: NonNullable<ResolvedCapture['network']>;
  now(): number;
  /** Absolute form of a URL as the app gave it. */
  absolute(url: string): string;
  /** True when the request must not be recorded: the SDK's own, or in `ignoreUrls`. */
  skip(url: string, own: boolean): boolean;
  /** Keep only allow-listed headers from `(name, value)` pairs. */
  pick(pairs: Iterable<[string, string]>): Record<string, string> | undefined;
  record(entry: NetworkEntry): void;
}

/**
 * Build the shared part of the network wrappers for one recording.
 *
 * @example
 * ```ts
 * const net = networkRecorder(deps, { headers: ['content-type'], bodies: false, ignoreUrls: [] });
 * if (!net.skip(url, false)) net.record({ initiator: 'fetch', method: 'GET', url, status: 404 });
 * ```
 */
export function networkRecorder(
  deps: ContextDeps,
  settings: NonNullable<ResolvedCapture['network']>,
): NetworkRecorder {
  const now = deps.now ?? (() => performance.now());
  // Ingest bases learned from requests known to be ours (by header or by the recorder's own
  // send), so a later header-less request to the same place (a beacon) is recognised too.
  const ingestBases = new Set<string>();
  const allow = rateLimit(NETWORK_BURST, 1000, now, (count) =>
    deps.emit(NETWORK_PLUGIN, { dropped: count }),
  );
  const absolute = (url: string): string => {
    try {
      return new URL(url, deps.win.location.href).href;
    } catch {
      return url;
    }
  };
  const baseOf = (href: string): string => href.split(/[?#]/)[0]!.replace(INGEST_PATH, '');
  return {
    settings,
    now,
    absolute,
    skip(url, own) {
      const href = absolute(url);
      const path = href.split(/[?#]/)[0]!;
      if (own || deps.isOwnSend()) {
        if (INGEST_PATH.test(path)) ingestBases.add(baseOf(href));
        return true;
      }
      if (INGEST_PATH.test(path) && ingestBases.has(baseOf(href))) return true;
      return settings.ignoreUrls.some((p) =>
        typeof p === 'string' ? href.includes(p) : p.test(href),
      );
    },
    pick(pairs) {
      if (settings.headers.length === 0) return undefined;
      const kept: Record<string, string> = {};
      let any = false;
      for (const [name, value] of pairs) {
        const key = name.toLowerCase();
        if (!settings.headers.includes(key)) continue;
        kept[key] = cap(value, 500);
        any = true;
      }
      return any ? kept : undefined;
    },
    record(entry) {
      try {
        if (!allow()) return;
        // Absent fields are undefined and vanish in the JSON of the upload.
        const payload: Record<string, unknown> = {
          ...entry,
          method: entry.method.toUpperCase(),
          url: sanitize(deps, absolute(entry.url)),
          duration: entry.duration === undefined ? undefined : Math.round(entry.duration),
        };
        deps.emit(NETWORK_PLUGIN, payload);
      } catch (error) {
        debug(deps, 'network', error);
      }
    },
  };
}

/** §18 sanitisation; a URL the sanitiser rejects is reduced to its origin and path. */
function sanitize(deps: ContextDeps, href: string): string {
  try {
    return deps.sanitizeUrl(href);
  } catch {
    return href.split(/[?#]/)[0]!;
  }
}

/** True when a request's `(name, value)` header pairs carry the SDK's own credential header (§4). */
export function isOwn(pairs: [string, string][]): boolean {
  return pairs.some(([name]) => name.toLowerCase() === OWN_HEADER);
}

/** `(name, value)` pairs of any `HeadersInit`, without touching anything that could throw. */
export function headerPairs(headers: unknown): [string, string][] {
  try {
    if (!headers) return [];
    return [...new Headers(headers as HeadersInit)];
  } catch {
    return [];
  }
}

/** Byte size of a request body when it can be known without consuming it. */
export function bodySize(body: unknown): number | undefined {
  try {
    if (body == null) return undefined;
    if (typeof body === 'string') return new Blob([body]).size;
    if (body instanceof URLSearchParams) return new Blob([body.toString()]).size;
    if (body instanceof Blob) return body.size;
    if (body instanceof ArrayBuffer) return body.byteLength;
    if (ArrayBuffer.isView(body)) return body.byteLength;
  } catch {
    // an exotic body: its size is simply not recorded
  }
  return undefined;
}

/** A request body as text for `bodies: true`: only text bodies, capped. */
export function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return cap(body, BODY_MAX);
  if (body instanceof URLSearchParams) return cap(body.toString(), BODY_MAX);
  return undefined;
}

/** True when a content type is text worth keeping as a body (JSON, text, XML, forms). */
export function isTextual(contentType: string | null | undefined): boolean {
  return !!contentType && /json|text|xml|x-www-form-urlencoded|graphql/i.test(contentType);
}

/** Parse `getAllResponseHeaders()` text into pairs. */
export function parseHeaderBlock(block: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const line of block.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) pairs.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
  }
  return pairs;
}

/** Content-Length as a number, when present and sane. */
export function contentLength(value: string | null | undefined): number | undefined {
  if (value == null || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
