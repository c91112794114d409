import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { RecordedRequest } from './types.js';

/**
 * Read the whole body of `req` and turn it into a {@link RecordedRequest}. `nextSeq` is called
 * once the body is complete, so sequence numbers follow the order requests become available.
 */
export async function readRequest(
  req: IncomingMessage,
  nextSeq: () => number,
): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }

  const gzip = /\bgzip\b/i.test(headers['content-encoding'] ?? '');
  let bodyText = '';
  let decodeError: string | undefined;
  if (gzip) {
    try {
      bodyText = gunzipSync(raw).toString('utf8');
    } catch (error) {
      decodeError = error instanceof Error ? error.message : String(error);
    }
  } else {
    bodyText = raw.toString('utf8');
  }

  let json: unknown;
  if (bodyText.trim() !== '') {
    try {
      json = JSON.parse(bodyText);
    } catch {
      json = undefined;
    }
  }

  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const recorded: RecordedRequest = {
    path: queryAt === -1 ? target : target.slice(0, queryAt),
    url: target,
    method: (req.method ?? 'GET').toUpperCase(),
    headers,
    bodyText,
    json,
    gzip,
    at: Date.now(),
    seq: nextSeq(),
  };
  if (decodeError !== undefined) recorded.decodeError = decodeError;
  return recorded;
}
