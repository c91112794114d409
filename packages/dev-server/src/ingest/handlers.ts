import { HttpError, badRequest } from '../http/http-error.js';
import { parseJson } from '../http/read-body.js';
import { newSessionId } from '../ids.js';
import type { SessionRecord } from '../store/records.js';
import {
  clientInfo,
  type IngestAnswer,
  type IngestContext,
  type IngestRequest,
} from './context.js';
import {
  parseBatchBody,
  parseMetricsBody,
  parseSessionBody,
  parseUpdateBody,
} from './protocol-bodies.js';

/** The restart answer the real service gives (§7.3, §8.3); the code is a fixture from §7.3. */
const RESTART_CODE = 'SESSION_TOO_OLD_TO_CONTINUE_WITHOUT_RESTART';

function storeRequest(
  ctx: IngestContext,
  r: IngestRequest,
  endpoint: string,
  sessionId: string,
  answer: IngestAnswer,
): void {
  const body = answer.body as { errorCode?: string };
  ctx.store.storeRequest({
    sessionId,
    endpoint,
    receivedAt: r.receivedAt,
    gzip: r.gzip,
    status: answer.status,
    errorCode: body.errorCode ?? null,
    headers: r.headers,
    body: r.text,
  });
}

/**
 * Finds the session named by `X-Milana-Session-Id`. An unknown id (or one of another product)
 * is a 404 that asks for a restart, so a client recovers after `DELETE /api/data`.
 */
export function requireSession(ctx: IngestContext, r: IngestRequest): SessionRecord {
  if (r.sessionIdHeader === undefined || r.sessionIdHeader === '') {
    throw badRequest('X-Milana-Session-Id header is required on /update, /batch and /metrics');
  }
  const session = ctx.store.getSession(r.sessionIdHeader);
  if (!session || session.productId !== r.credentials.productId) {
    throw new HttpError(
      404,
      'SESSION_NOT_FOUND',
      `no session ${r.sessionIdHeader} for product ${r.credentials.productId}`,
      {
        shouldRestartSession: true,
      },
    );
  }
  return session;
}

/**
 * True when a closed session no longer takes identity or recordings. Late deliveries within the
 * grace window are still accepted: after `stopRecording` an in-flight regular batch carries the
 * events the abort left out (§14), and keepalive requests may land after the close ping.
 */
function closedForGood(ctx: IngestContext, session: SessionRecord): boolean {
  return session.closedAt !== null && ctx.now() - session.closedAt > ctx.closedSessionGraceMs;
}

function restartAnswer(
  ctx: IngestContext,
  session: SessionRecord,
  status: number,
  errorCode: string,
  error: string,
): IngestAnswer {
  ctx.store.closeSession(session.id, 'restart-requested', ctx.now());
  return {
    status,
    body: { success: false, sessionId: session.id, shouldRestartSession: true, errorCode, error },
  };
}

/**
 * `POST /session` (§6): resumes a known id of the same product (echoed back, and reopened if a
 * page-close ping had closed it, §13.2), otherwise creates a new session. A session the client
 * stopped, or that the server told to restart, is never resumed: the client gets a new id.
 */
export function handleSession(ctx: IngestContext, r: IngestRequest): IngestAnswer {
  const body = parseSessionBody(parseJson(r.text));
  const now = ctx.now();
  const known = r.sessionIdHeader ? ctx.store.getSession(r.sessionIdHeader) : undefined;
  const resumable =
    known !== undefined &&
    known.productId === r.credentials.productId &&
    known.closeReason !== 'client-abort' &&
    known.closeReason !== 'restart-requested';
  const session = resumable
    ? ctx.store.resumeSession(known.id, body, now)
    : ctx.store.createSession({
        id: newSessionId(),
        productId: r.credentials.productId,
        environment: body.environment,
        version: body.version,
        appSessionId: body.appSessionId,
        metadata: body.metadata,
        sampled: ctx.sampleRate >= 1 || ctx.random() < ctx.sampleRate,
        client: clientInfo(r.headers),
        now,
      });
  const answer: IngestAnswer = {
    status: 200,
    body: { sampled: session.sampled, sessionId: session.id },
  };
  storeRequest(ctx, r, 'session', session.id, answer);
  ctx.live.publish({ type: 'session', sessionId: session.id });
  return answer;
}

/** `POST /update` (§7): upserts the user and the session context, and always says `sampled`. */
export function handleUpdate(ctx: IngestContext, r: IngestRequest): IngestAnswer {
  const session = requireSession(ctx, r);
  const body = parseUpdateBody(parseJson(r.text));
  let answer: IngestAnswer;
  if (closedForGood(ctx, session)) {
    answer = restartAnswer(
      ctx,
      session,
      409,
      'SESSION_CLOSED',
      'the session is closed; start a new one',
    );
  } else if (ctx.faults.takeRestart('update')) {
    answer = restartAnswer(
      ctx,
      session,
      200,
      RESTART_CODE,
      'restart requested through fault injection',
    );
  } else {
    ctx.store.applyUpdate(session, body, ctx.now());
    answer = {
      status: 200,
      body: { success: true, sessionId: session.id, sampled: session.sampled },
    };
  }
  storeRequest(ctx, r, 'update', session.id, answer);
  ctx.live.publish({ type: 'update', sessionId: session.id });
  return answer;
}

/**
 * `POST /batch` (§8): stores the events and answers per §8.3. Page-close and client-abort
 * bodies close the session. Restart answers use 200, because clients read `/batch` bodies only
 * on 2xx.
 */
export async function handleBatch(ctx: IngestContext, r: IngestRequest): Promise<IngestAnswer> {
  const session = requireSession(ctx, r);
  const batch = parseBatchBody(parseJson(r.text));
  const now = ctx.now();
  let answer: IngestAnswer;
  if (!session.sampled) {
    if (batch.kind !== 'regular') ctx.store.closeSession(session.id, batch.kind, now);
    answer =
      batch.kind === 'regular'
        ? {
            status: 200,
            body: {
              success: false,
              sessionId: session.id,
              shouldRestartSession: false,
              errorCode: 'SESSION_NOT_IDENTIFIED',
              error: 'this session is not sampled; stop sending recordings',
            },
          }
        : { status: 200, body: { success: true, sessionId: session.id } };
    storeRequest(ctx, r, 'batch', session.id, answer);
  } else if (batch.kind === 'regular' && closedForGood(ctx, session)) {
    answer = restartAnswer(
      ctx,
      session,
      200,
      'SESSION_CLOSED',
      'the session is closed; start a new one',
    );
    storeRequest(ctx, r, 'batch', session.id, answer);
  } else if (batch.kind === 'regular' && ctx.faults.takeRestart('batch')) {
    answer = restartAnswer(
      ctx,
      session,
      200,
      RESTART_CODE,
      'restart requested through fault injection',
    );
    storeRequest(ctx, r, 'batch', session.id, answer);
  } else {
    const request = {
      sessionId: session.id,
      endpoint: 'batch',
      receivedAt: r.receivedAt,
      gzip: r.gzip,
    };
    const batchId = await ctx.store.storeBatch(
      session.id,
      batch,
      { ...request, status: 200, errorCode: null, headers: r.headers, body: r.text },
      now,
    );
    answer = {
      status: 200,
      body: { success: true, sessionId: session.id, messageId: `msg_${batchId}` },
    };
  }
  ctx.live.publish({ type: 'batch', sessionId: session.id });
  return answer;
}

/** `POST /metrics` (§9): stored as received. Accepted after a close, since stop sends one last report. */
export function handleMetrics(ctx: IngestContext, r: IngestRequest): IngestAnswer {
  const session = requireSession(ctx, r);
  parseMetricsBody(parseJson(r.text));
  const answer: IngestAnswer = { status: 200, body: { success: true } };
  storeRequest(ctx, r, 'metrics', session.id, answer);
  ctx.store.touch(session.id, ctx.now());
  ctx.live.publish({ type: 'metrics', sessionId: session.id });
  return answer;
}
