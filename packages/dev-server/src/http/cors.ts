import type { IncomingMessage, ServerResponse } from 'node:http';
import { MILANA_HEADER_NAMES } from '@milana-js/recorder/protocol';

/** Request headers a browser SDK sends to the ingest endpoints (protocol §4). */
export const ALLOWED_REQUEST_HEADERS = ['Content-Type', 'Content-Encoding', ...MILANA_HEADER_NAMES];

/**
 * Whether ingest accepts a request from this page origin. With no `--allow-origin` any origin
 * may send, because the SDK runs on the customer's site and authenticates only with its headers
 * (no cookies), like the real service. A request without `Origin` does not come from a web page
 * (browsers always send it on POST), so the list does not apply to it.
 */
export function originAllowed(req: IncomingMessage, allowOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (allowOrigins.length === 0 || origin === undefined) return true;
  return allowOrigins.includes(origin.toLowerCase());
}

/** CORS for the ingest endpoints; call only for an allowed origin. */
export function applyIngestCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader(
    'Access-Control-Allow-Origin',
    typeof origin === 'string' && origin !== '' ? origin : '*',
  );
  res.setHeader('Vary', 'Origin');
}

/** Answers a preflight for an ingest endpoint from an allowed origin. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  applyIngestCors(req, res);
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS.join(', '));
  res.setHeader('Access-Control-Max-Age', '600');
  // Chrome asks before a public page may talk to 127.0.0.1 (Private Network Access).
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.statusCode = 204;
  res.end();
}
