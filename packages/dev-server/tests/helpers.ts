import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { startDevServer, type DevServer } from '../src/server.js';
import type { DevServerOptions } from '../src/options.js';

export const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';
export const CLIENT_KEY = 'key_pub_5c1a77';

/** Starts an in-memory server on a free port with no log output. */
export function startTestServer(options: DevServerOptions = {}): Promise<DevServer> {
  return startDevServer({ port: 0, memory: true, quiet: true, ...options });
}

/** The headers a browser SDK sends (§4). */
export function sdkHeaders(
  sessionId?: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-Milana-Time-Zone': 'Europe/Lisbon',
    'X-Milana-Locale': 'pt-PT',
    'X-Milana-Client-Version': '0.3.0',
    'X-Milana-Client-Git-Hash': '9d0c1e4',
    'X-Milana-Protocol-Version': '1',
    'X-Milana-Caller-Type': 'core',
    'X-Milana-Product-Id': PRODUCT_ID,
    'X-Milana-Client-Key': CLIENT_KEY,
  };
  if (sessionId !== undefined) headers['X-Milana-Session-Id'] = sessionId;
  return { ...headers, ...extra };
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** POSTs a protocol body (object, or raw text) to an ingest endpoint. */
export async function post(
  server: DevServer,
  endpoint: string,
  body: unknown,
  options: { sessionId?: string; headers?: Record<string, string>; gzip?: boolean } = {},
): Promise<Answer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = sdkHeaders(options.sessionId, options.headers);
  let payload: string | Blob = text;
  if (options.gzip) {
    payload = new Blob([new Uint8Array(gzipSync(text))]);
    headers['Content-Encoding'] = 'gzip';
  }
  const res = await fetch(`${server.url}/${endpoint}`, { method: 'POST', headers, body: payload });
  const raw = await res.text();
  return {
    status: res.status,
    body: raw === '' ? undefined : (JSON.parse(raw) as unknown),
    headers: res.headers,
  };
}

/** GETs a JSON API path. */
export async function getJson(
  server: DevServer,
  path: string,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as unknown };
}

/** Opens a session and returns its id. */
export async function openSession(
  server: DevServer,
  body: unknown = { environment: 'test', version: '1.0' },
): Promise<string> {
  const answer = await post(server, 'session', body);
  if (answer.status !== 200) throw new Error(`session failed: ${JSON.stringify(answer.body)}`);
  return answer.body.sessionId as string;
}

/** A minimal replayable rrweb stream: Meta, a full snapshot with some text, and a custom event. */
export function sampleEvents(start = 1_767_225_600_000, text = 'Hello replay'): unknown[] {
  return [
    {
      type: 4,
      data: { href: 'https://app.example.com/', width: 1024, height: 768 },
      timestamp: start,
    },
    {
      type: 2,
      data: {
        node: {
          type: 0,
          childNodes: [
            {
              type: 2,
              tagName: 'html',
              attributes: {},
              childNodes: [{ type: 3, textContent: text, id: 3 }],
              id: 2,
            },
          ],
          id: 1,
        },
        initialOffset: { left: 0, top: 0 },
      },
      timestamp: start + 10,
    },
    {
      type: 5,
      data: {
        tag: 'V',
        payload: { type: 1, name: 'report.exported', attributes: { format: 'csv' } },
      },
      timestamp: start + 20,
    },
  ];
}

/** A regular batch envelope. */
export function batch(
  events: unknown[],
  flags: Record<string, unknown> = {},
): Record<string, unknown> {
  const first = events[0] as { timestamp: number } | undefined;
  return { version: 1, batchStartedAt: first?.timestamp ?? 1_767_225_600_000, ...flags, events };
}

/** A raw HTTP request with node:http, for bodies and methods fetch will not send. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'POST', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
