import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers a browser needs to read any answer from this cross-origin server. */
export function applyCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', typeof origin === 'string' && origin ? origin : '*');
  // The allowed origin depends on the request, so caches must not share answers across origins.
  res.setHeader('Vary', 'Origin');
}

/** Answer a CORS preflight: POST only, every requested header allowed, cached 10 minutes. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  applyCorsHeaders(req, res);
  res.setHeader('Access-Control-Allow-Methods', 'POST');
  const requested = req.headers['access-control-request-headers'];
  if (typeof requested === 'string' && requested) {
    res.setHeader('Access-Control-Allow-Headers', requested);
  }
  // Chromium asks this before a public page may reach 127.0.0.1 (Private Network Access).
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.setHeader('Access-Control-Max-Age', '600');
  res.statusCode = 204;
  res.end();
}
