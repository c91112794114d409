import type { Transport } from './transport';
import { parseJson } from './transport';

/** The answer of `POST /session` (§6.3), reduced to what the client acts on. */
export type SessionAnswer =
  { ok: true; sessionId: string; sampled: boolean } | { ok: false; reason: string };

/** What `POST /session` needs: the init-time body and referrer, re-sent unchanged on restarts. */
export interface SessionRequest {
  /** The serialised `SessionInfo` (key order of §6.2). */
  body: string;
  /** The sanitised page URL when `init` ran (§4: not the current URL on a restart). */
  referrer: string;
  /** The stored id to resume (§15), or null for a fresh session. */
  resumeId: string | null;
}

/**
 * Sends `POST /session` and interprets the answer: only a 2xx JSON body with a non-empty
 * `sessionId` counts; `sampled` is true only when the server said exactly `true`.
 */
export async function requestSession(
  transport: Transport,
  request: SessionRequest,
): Promise<SessionAnswer> {
  const outcome = await transport.post('/session', request.body, {
    referrer: request.referrer,
    sessionId: request.resumeId,
  });
  if (!outcome.reached)
    return { ok: false, reason: `the request failed (${outcome.statusText || 'network error'})` };
  if (outcome.status < 200 || outcome.status > 299) {
    return { ok: false, reason: `the server answered ${outcome.statusText || outcome.status}` };
  }
  const json = parseJson(outcome.text);
  if (json === null || typeof json !== 'object')
    return { ok: false, reason: 'the answer was not JSON' };
  const { sessionId, sampled } = json as { sessionId?: unknown; sampled?: unknown };
  if (typeof sessionId !== 'string' || sessionId.length === 0) {
    return { ok: false, reason: 'the answer had no session id' };
  }
  return { ok: true, sessionId, sampled: sampled === true };
}
