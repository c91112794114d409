import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { HttpError, badRequest } from './http-error.js';
import { checkJsonDepth } from './json-depth.js';

/**
 * Largest body accepted after decompression: 21 MiB. A regular `/batch` carries at most
 * 5,242,880 chars of events (protocol §23); one char takes at most 4 bytes of UTF-8 (3 for a
 * UTF-16 unit, 4 for a code point), so 4 x 5 MiB = 20 MiB, plus 1 MiB for the envelope and the
 * commas between events.
 */
export const MAX_BODY_BYTES = 21 * 1024 * 1024;

/**
 * Largest `/session`, `/update` and `/metrics` body, and largest merged user or session metadata
 * (1 MiB). These are identity and context, not recordings; the cap keeps every list the API
 * builds from them small.
 */
export const MAX_CONTEXT_BYTES = 1024 * 1024;

/** Gzip can make incompressible data slightly larger (5 bytes per 16 KiB block plus a header). */
const GZIP_OVERHEAD = 64 * 1024;

/**
 * Bytes of request bodies held in memory at once, across all requests of one server. Bodies past
 * it answer 503 (which clients retry) instead of letting many parallel uploads exhaust memory.
 */
export const DEFAULT_BODY_BUDGET = 256 * 1024 * 1024;

/** Shared count of body bytes in memory; one per server. */
export class BodyBudget {
  used = 0;
  constructor(readonly limit = DEFAULT_BODY_BUDGET) {}

  /** Takes `bytes` from the budget, or returns false when that would pass the limit. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** A decoded request body. */
export interface RequestBody {
  /** The exact text received (after gunzip when the body was gzipped). */
  text: string;
  /** Whether the body arrived gzip-compressed. */
  gzip: boolean;
  /** Bytes on the wire. */
  wireBytes: number;
  /** Gives the body's bytes back to the budget; call once the request is handled. */
  release: () => void;
}

function busy(): HttpError {
  return new HttpError(
    503,
    'SERVER_BUSY',
    'the dev server holds too many request bodies at once; retry later',
    { shouldRestartSession: false },
  );
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body is larger than ${limit} bytes`, {
    shouldRestartSession: false,
  });
}

/** Reads the raw bytes, refusing to buffer more than `limit` of them or to pass the budget. */
function readRaw(req: IncomingMessage, limit: number, budget: BodyBudget): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      if (size + chunk.length > limit || !budget.take(chunk.length)) {
        failed = true;
        chunks.length = 0;
        budget.give(size);
        reject(size + chunk.length > limit ? tooLarge(limit) : busy());
        return;
      }
      size += chunk.length;
      chunks.push(chunk);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (failed) return;
      // The concatenated copy replaces the chunks; the budget keeps counting it once.
      resolve(Buffer.concat(chunks, size));
    });
    // A client that goes away mid-body (or is cut off by the request timeout) must give its
    // bytes back, or aborted uploads would use up the budget for good.
    const abandon = (): void => {
      if (failed || ended) return;
      failed = true;
      chunks.length = 0;
      budget.give(size);
      reject(
        new HttpError(
          400,
          'BODY_INCOMPLETE',
          'the connection closed before the whole body arrived',
          {
            shouldRestartSession: false,
          },
        ),
      );
    };
    req.on('error', abandon);
    req.on('close', abandon);
  });
}

/** Gunzips with an output cap, so a small "gzip bomb" cannot exhaust memory. */
function gunzipCapped(raw: Buffer, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    gunzip(raw, { maxOutputLength: limit }, (error, out) => {
      if (!error) {
        resolve(out);
        return;
      }
      if (
        (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
        error instanceof RangeError
      ) {
        reject(tooLarge(limit));
        return;
      }
      reject(
        new HttpError(
          400,
          'INVALID_GZIP',
          'body says Content-Encoding: gzip but is not valid gzip',
          {
            shouldRestartSession: false,
          },
        ),
      );
    });
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const unlimited = new BodyBudget(Number.POSITIVE_INFINITY);

/**
 * Reads a request body, gunzipping it when `Content-Encoding: gzip` says so, with a cap on both
 * the wire size and the decompressed size, and counting its bytes against `budget` until
 * `release()` is called.
 */
export async function readBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
  budget: BodyBudget = unlimited,
): Promise<RequestBody> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'gzip' && encoding !== 'identity' && encoding !== '') {
    throw new HttpError(
      415,
      'UNSUPPORTED_ENCODING',
      `Content-Encoding "${encoding}" is not supported (use gzip or none)`,
      {
        shouldRestartSession: false,
      },
    );
  }
  const gzip = encoding === 'gzip';
  const raw = await readRaw(req, gzip ? limit + GZIP_OVERHEAD : limit, budget);
  let held = raw.length;
  const release = (): void => {
    budget.give(held);
    held = 0;
  };
  try {
    let bytes = raw;
    if (gzip) {
      bytes = await gunzipCapped(raw, limit);
      if (!budget.take(bytes.length)) throw busy();
      held += bytes.length;
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw badRequest('body is not valid UTF-8');
    }
    return { text, gzip, wireBytes: raw.length, release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Parses JSON text, answering 400 with the parser's reason when it is malformed or nested deeper
 * than `MAX_JSON_DEPTH`.
 */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw badRequest('body is empty; expected a JSON object');
  checkJsonDepth(text);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`body is not valid JSON (${(error as Error).message})`);
  }
}
