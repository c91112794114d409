import type { RecordedRequest, ResponseSpec } from './types.js';

/** Counters behind the generated ids; {@link TestServer.reset} starts them again at 1. */
export interface IdCounters {
  session: number;
  message: number;
}

const ENDPOINTS = ['session', 'update', 'batch', 'metrics'] as const;
type Endpoint = (typeof ENDPOINTS)[number];

/**
 * The ingest endpoint a path addresses, by its last segment, so that an SDK configured with a
 * prefixed base (`<url>/milana`) or a trailing slash (`<url>//session`) still gets happy answers.
 */
export function endpointOf(path: string): Endpoint | undefined {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return (ENDPOINTS as readonly string[]).includes(last) ? (last as Endpoint) : undefined;
}

function sessionHeader(req: RecordedRequest): string | undefined {
  const id = req.headers['x-milana-session-id'];
  return id ? id : undefined;
}

function missingSessionHeader(path: string): ResponseSpec {
  return {
    status: 400,
    json: { success: false, error: `${path} requires the X-Milana-Session-Id header (§4)` },
  };
}

/** The answer a well-behaved ingest server gives when no test scripted one. */
export function happyAnswer(req: RecordedRequest, ids: IdCounters): ResponseSpec {
  const endpoint = endpointOf(req.path);
  if (endpoint === undefined) {
    return { status: 404, json: { success: false, error: `unknown path ${req.path}` } };
  }
  if (req.method !== 'POST') {
    return { status: 405, json: { success: false, error: `${req.path} only accepts POST` } };
  }
  if (req.decodeError !== undefined) {
    return {
      status: 400,
      json: { success: false, error: `gzip body could not be decoded: ${req.decodeError}` },
    };
  }
  const sessionId = sessionHeader(req);
  switch (endpoint) {
    case 'session':
      ids.session += 1;
      return { json: { sampled: true, sessionId: sessionId ?? `sess_${ids.session}` } };
    case 'update':
      if (sessionId === undefined) return missingSessionHeader(req.path);
      return { json: { success: true, sessionId, sampled: true } };
    case 'batch':
      if (sessionId === undefined) return missingSessionHeader(req.path);
      ids.message += 1;
      return { json: { success: true, sessionId, messageId: `msg_${ids.message}` } };
    case 'metrics':
      return { json: { success: true } };
  }
}
