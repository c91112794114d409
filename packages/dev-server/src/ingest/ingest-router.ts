import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerPreflight, applyIngestCors, originAllowed } from '../http/cors.js';
import { HttpError } from '../http/http-error.js';
import { MAX_BODY_BYTES, MAX_CONTEXT_BYTES, readBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import { checkCredentials } from './credentials.js';
import {
  protocolHeaders,
  type IngestAnswer,
  type IngestContext,
  type IngestRequest,
} from './context.js';
import { handleBatch, handleMetrics, handleSession, handleUpdate } from './handlers.js';
import {
  HEADER_PROTOCOL_VERSION,
  HEADER_SESSION_ID,
  PROTOCOL_VERSION,
} from '@milana-js/recorder/protocol';

/** The four ingest endpoints (§1) and their handlers. */
type Handler = (ctx: IngestContext, r: IngestRequest) => IngestAnswer | Promise<IngestAnswer>;

const HANDLERS: Record<string, Handler> = {
  session: handleSession,
  update: handleUpdate,
  batch: handleBatch,
  metrics: handleMetrics,
};

/** The endpoint name for an ingest path, or `undefined`. `//session` is accepted too (§2). */
export function ingestEndpoint(pathname: string): string | undefined {
  const name = pathname.replace(/^\/+/, '');
  return Object.hasOwn(HANDLERS, name) ? name : undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function checkProtocolHeaders(req: IncomingMessage): void {
  const contentType = header(req, 'content-type') ?? '';
  if (contentType.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Content-Type must be application/json (also for gzip bodies)',
      {
        shouldRestartSession: false,
      },
    );
  }
  const protocol = header(req, HEADER_PROTOCOL_VERSION.toLowerCase());
  if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
    throw new HttpError(
      400,
      'UNSUPPORTED_PROTOCOL_VERSION',
      `X-Milana-Protocol-Version ${protocol} is not supported (only 1)`,
      {
        shouldRestartSession: false,
      },
    );
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Serves one request to an ingest endpoint: CORS, method, credentials, body limits, fault
 * injection, then the endpoint handler. Every failure becomes a JSON answer in the protocol's
 * failure shape; nothing here may throw out of the request.
 */
export async function serveIngest(
  ctx: IngestContext,
  endpoint: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const sessionIdHeader = header(req, HEADER_SESSION_ID.toLowerCase());
  if (!originAllowed(req, ctx.allowOrigins)) {
    // No CORS headers: the page cannot even read why. The log line tells the developer.
    const failure = new HttpError(
      403,
      'ORIGIN_NOT_ALLOWED',
      `origin ${String(req.headers.origin)} is not on the --allow-origin list`,
      { shouldRestartSession: false },
    );
    ctx.log(`Milana dev server: /${endpoint} answered 403 ORIGIN_NOT_ALLOWED: ${failure.message}`);
    req.resume();
    res.setHeader('Connection', 'close');
    sendJson(res, 403, failure.toBody());
    return;
  }
  if (req.method === 'OPTIONS') {
    answerPreflight(req, res);
    return;
  }
  applyIngestCors(req, res);
  let text: string | undefined;
  let gzip = false;
  let release: (() => void) | undefined;
  try {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      throw new HttpError(405, 'METHOD_NOT_ALLOWED', `/${endpoint} only accepts POST`, {
        shouldRestartSession: false,
      });
    }
    const credentials = checkCredentials(req, ctx.allowList);
    checkProtocolHeaders(req);
    const limit = endpoint === 'batch' ? MAX_BODY_BYTES : MAX_CONTEXT_BYTES;
    const body = await readBody(req, limit, ctx.bodyBudget);
    release = body.release;
    text = body.text;
    gzip = body.gzip;
    const latency = ctx.faults.latency();
    if (latency > 0) await sleep(latency);
    const fault = ctx.faults.decide();
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'fail') {
      throw new HttpError(
        503,
        'INJECTED_FAILURE',
        'failure injected by the dev server (--fail-rate)',
        {
          shouldRestartSession: false,
        },
      );
    }
    const handler = HANDLERS[endpoint] as (typeof HANDLERS)[string];
    const answer = await handler(ctx, {
      req,
      credentials,
      sessionIdHeader,
      text,
      gzip,
      receivedAt: ctx.now(),
      headers: protocolHeaders(req),
    });
    sendJson(res, answer.status, answer.body);
    ctx.log(`Milana dev server: /${endpoint} ${answer.status} ${summarize(answer.body)}`);
  } catch (error) {
    const failure =
      error instanceof HttpError
        ? error
        : new HttpError(500, 'INTERNAL_ERROR', 'the dev server failed to handle this request', {
            shouldRestartSession: false,
          });
    if (!(error instanceof HttpError))
      ctx.log(
        `Milana dev server: /${endpoint} failed: ${(error as Error)?.stack ?? String(error)}`,
      );
    else
      ctx.log(
        `Milana dev server: /${endpoint} answered ${failure.status} ${failure.errorCode}: ${failure.message}`,
      );
    keepRejectedRequest(ctx, endpoint, sessionIdHeader, text, gzip, req, failure);
    if (failure.status === 413 || failure.errorCode === 'SERVER_BUSY')
      res.setHeader('Connection', 'close');
    sendJson(res, failure.status, failure.toBody());
  } finally {
    release?.();
  }
}

/** A short description of an answer for the request log. */
function summarize(body: unknown): string {
  const b = body as {
    sessionId?: string;
    errorCode?: string;
    success?: boolean;
    sampled?: boolean;
  };
  const parts = [b.sessionId ?? ''];
  if (b.errorCode) parts.push(b.errorCode);
  if (b.sampled === false) parts.push('not sampled');
  return parts.filter(Boolean).join(' ');
}

/** Keeps a refused request of a known session, so the inspector shows what went wrong. */
function keepRejectedRequest(
  ctx: IngestContext,
  endpoint: string,
  sessionId: string | undefined,
  text: string | undefined,
  gzip: boolean,
  req: IncomingMessage,
  failure: HttpError,
): void {
  if (sessionId === undefined || text === undefined || !ctx.store.getSession(sessionId)) return;
  try {
    ctx.store.storeRequest({
      sessionId,
      endpoint,
      receivedAt: ctx.now(),
      gzip,
      status: failure.status,
      errorCode: failure.errorCode,
      headers: protocolHeaders(req),
      body: text,
    });
  } catch (error) {
    ctx.log(`Milana dev server: could not store a refused /${endpoint} request: ${String(error)}`);
  }
}
