import type { ServerResponse } from 'node:http';

/** Sends a JSON answer unless the socket is already gone. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Sends a static file body with its content type. */
export function sendFile(res: ServerResponse, contentType: string, data: Buffer): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Length', data.length);
  res.end(data);
}
