import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';
import { HttpError, badRequest } from './http-error.js';

/** Largest body accepted, after decompression (10 MB). The client flushes at about 5 M chars. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A decoded request body. */
export interface RequestBody {
  /** The exact text received (after gunzip when the body was gzipped). */
  text: string;
  /** Whether the body arrived gzip-compressed. */
  gzip: boolean;
  /** Bytes on the wire. */
  wireBytes: number;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body is larger than ${limit} bytes`, {
    shouldRestartSession: false,
  });
}

/** Reads the raw bytes, refusing to buffer more than `limit` of them. */
function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
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
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (error) => {
      if (!failed) {
        failed = true;
        reject(error);
      }
    });
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

/**
 * Reads a request body, gunzipping it when `Content-Encoding: gzip` says so, with a cap on both
 * the wire size and the decompressed size.
 */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<RequestBody> {
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
  const raw = await readRaw(req, limit);
  const gzip = encoding === 'gzip';
  const bytes = gzip ? await gunzipCapped(raw, limit) : raw;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw badRequest('body is not valid UTF-8');
  }
  return { text, gzip, wireBytes: raw.length };
}

/** Parses JSON text, answering 400 with the parser's reason when it is malformed. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw badRequest('body is empty; expected a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`body is not valid JSON (${(error as Error).message})`);
  }
}
