import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults, FaultSettings } from '../faults.js';
import { HttpError, badRequest } from '../http/http-error.js';
import { parseJson, readBody } from '../http/read-body.js';
import { sendJson } from '../http/respond.js';
import { expectObject } from '../ingest/json-checks.js';
import type { LiveHub } from '../live.js';
import { MAX_TIMER_MS } from '../options.js';
import type { DevStore } from '../store/dev-store.js';
import { streamJsonArray } from '../http/stream-json.js';
import type { SessionPages } from '../store/pages.js';
import type { StoreQueries } from '../store/queries.js';
import { apiUser, sessionDetail, sessionSummary } from './api-shapes.js';

/** What the JSON API reads and changes. */
export interface ApiContext {
  store: DevStore;
  queries: StoreQueries;
  pages: SessionPages;
  faults: Faults;
  live: LiveHub;
  health: () => Record<string, unknown>;
}

const API_BODY_LIMIT = 64 * 1024;

function notFound(what: string): HttpError {
  return new HttpError(404, 'NOT_FOUND', `${what} not found`);
}

function methodNotAllowed(res: ServerResponse, allowed: string): HttpError {
  res.setHeader('Allow', allowed);
  return new HttpError(405, 'METHOD_NOT_ALLOWED', `only ${allowed} is allowed here`);
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  // Requiring the JSON content type forces a CORS preflight, which this API never grants, so a
  // random web page cannot change the dev server's state from the user's browser.
  if ((req.headers['content-type'] ?? '').split(';')[0]?.trim() !== 'application/json') {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  return expectObject(parseJson((await readBody(req, API_BODY_LIMIT)).text), 'body');
}

function rate(value: unknown, name: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1))
    throw badRequest(`${name} must be a number from 0 to 1`);
  return value;
}

async function serveFaults(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  rest: string[],
): Promise<void> {
  if (rest.length === 0) {
    if (req.method === 'GET') return sendJson(res, 200, ctx.faults.snapshot());
    if (req.method !== 'POST') throw methodNotAllowed(res, 'GET, POST');
    const body = await readJsonObject(req);
    const patch: Partial<FaultSettings> = {};
    if (body.failRate !== undefined) patch.failRate = rate(body.failRate, 'failRate');
    if (body.dropRate !== undefined) patch.dropRate = rate(body.dropRate, 'dropRate');
    if (body.latencyMs !== undefined) {
      // Node timers turn anything past 2^31-1 ms into 1 ms; refuse it instead.
      if (
        typeof body.latencyMs !== 'number' ||
        !(body.latencyMs >= 0 && body.latencyMs <= MAX_TIMER_MS)
      )
        throw badRequest(`latencyMs must be a number from 0 to ${MAX_TIMER_MS}`);
      patch.latencyMs = body.latencyMs;
    }
    ctx.faults.update(patch);
    return sendJson(res, 200, { success: true, ...ctx.faults.snapshot() });
  }
  if (rest.length === 1 && rest[0] === 'restart-next') {
    if (req.method !== 'POST') throw methodNotAllowed(res, 'POST');
    const body = await readJsonObject(req);
    if (body.endpoint !== 'update' && body.endpoint !== 'batch')
      throw badRequest('endpoint must be "update" or "batch"');
    ctx.faults.restartNext(body.endpoint);
    return sendJson(res, 200, { success: true, ...ctx.faults.snapshot() });
  }
  throw notFound(`/api/faults/${rest.join('/')}`);
}

/** The `after` query parameter: a cursor from an earlier answer, or undefined for everything. */
function afterParam(url: URL): number | undefined {
  const text = url.searchParams.get('after');
  if (text === null) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < 0)
    throw badRequest('after must be a cursor from an earlier answer (an integer >= 0)');
  return n;
}

function serveSessions(
  ctx: ApiContext,
  url: URL,
  res: ServerResponse,
  rest: string[],
): void | Promise<void> {
  if (rest.length === 0) {
    const limit = Number(url.searchParams.get('limit') ?? 500);
    const sessions = ctx.queries.sessions({
      productId: url.searchParams.get('productId') ?? undefined,
      userId: url.searchParams.get('userId') ?? undefined,
      limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 5000) : 500,
    });
    return sendJson(res, 200, { sessions: sessions.map((s) => sessionSummary(s, ctx.queries)) });
  }
  const id = rest[0] as string;
  const session = ctx.queries.session(id);
  if (!session) throw notFound(`session ${id}`);
  const sub = rest.slice(1).join('/');
  if (sub === '') return sendJson(res, 200, sessionDetail(session, ctx.queries));
  // These three can be as large as the session: they stream from the database page by page.
  // `?after=<cursor>` returns only rows stored after an earlier answer's `cursor`.
  const after = afterParam(url);
  if (sub === 'events')
    return streamJsonArray(res, { sessionId: id }, 'events', ctx.pages.events(id, after));
  if (sub === 'timeline')
    return streamJsonArray(res, { sessionId: id }, 'timeline', ctx.pages.timeline(id, after));
  if (sub === 'requests') {
    const endpoint = url.searchParams.get('endpoint') ?? undefined;
    return streamJsonArray(
      res,
      { sessionId: id },
      'requests',
      ctx.pages.requests(id, endpoint, after),
    );
  }
  throw notFound(`/api/sessions/${id}/${sub}`);
}

function serveUsers(
  ctx: ApiContext,
  url: URL,
  res: ServerResponse,
  rest: string[],
): void | Promise<void> {
  // Each user's merged metadata can be up to 1 MiB, so the list streams too.
  if (rest.length === 0) return streamJsonArray(res, {}, 'users', ctx.pages.users());
  if (rest.length !== 1) throw notFound(`/api/users/${rest.join('/')}`);
  const userId = rest[0] as string;
  const [user] = ctx.queries.usersById(userId, url.searchParams.get('productId') ?? undefined);
  if (!user) throw notFound(`user ${userId}`);
  const sessions = ctx.queries.sessions({ productId: user.productId, userId: user.userId });
  return sendJson(res, 200, {
    ...apiUser(user),
    sessionCount: user.sessionCount,
    sessions: sessions.map((s) => sessionSummary(s, ctx.queries)),
  });
}

/** Splits `/api/a/b` into decoded segments after `api`. */
function segments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((part) => part !== '')
    .slice(1)
    .map((part) => decodeURIComponent(part));
}

/**
 * The JSON API under `/api/` for the inspector, tests and the end-to-end suite. Same-origin
 * only: it sends no CORS headers, so other sites cannot read recorded data.
 */
export async function serveApi(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  try {
    let parts: string[];
    try {
      parts = segments(url.pathname);
    } catch {
      throw badRequest('path is not valid percent-encoding');
    }
    const [head, ...rest] = parts;
    if (head === 'faults') return await serveFaults(ctx, req, res, rest);
    if (head === 'data' && rest.length === 0) {
      if (req.method !== 'DELETE') throw methodNotAllowed(res, 'DELETE');
      ctx.store.reset();
      ctx.live.publish({ type: 'reset' });
      return sendJson(res, 200, { success: true });
    }
    if (req.method !== 'GET') throw methodNotAllowed(res, 'GET');
    if (head === 'health' && rest.length === 0)
      return sendJson(res, 200, { ok: true, ...ctx.health() });
    if (head === 'events' && rest.length === 0) return ctx.live.attach(res);
    if (head === 'sessions') return await serveSessions(ctx, url, res, rest);
    if (head === 'users') return await serveUsers(ctx, url, res, rest);
    throw notFound(url.pathname);
  } catch (error) {
    const failure =
      error instanceof HttpError
        ? error
        : new HttpError(500, 'INTERNAL_ERROR', String((error as Error)?.message ?? error));
    sendJson(res, failure.status, failure.toBody());
  }
}

/** True for JSON API paths. */
export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}
