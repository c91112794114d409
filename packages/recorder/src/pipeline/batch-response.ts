import type { SendOutcome } from '../host.js';

/** What a regular `/batch` answer means for the pipeline (§8.3). */
export type BatchVerdict =
  | { kind: 'success' }
  | { kind: 'restart' }
  | { kind: 'not-sampled'; sessionId: string }
  /** 413: the body was too big for the server; §23 halves the request. */
  | { kind: 'too-large' }
  | { kind: 'retry'; why: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Classify the outcome of a regular `/batch` send.
 *
 * DEVIATION (§8.3 option): a non-2xx answer whose JSON asks for a restart is honoured when the
 * host hands the body over (`outcome.json`); every other non-2xx answer is a retryable failure.
 *
 * @example
 * ```ts
 * batchVerdict({ reached: true, status: 200, json: { success: true } }); // { kind: 'success' }
 * ```
 */
export function batchVerdict(outcome: SendOutcome): BatchVerdict {
  if (!outcome.reached) return { kind: 'retry', why: 'the server was not reached' };
  const ok = outcome.status >= 200 && outcome.status <= 299;
  const body = outcome.json;
  if (!ok) {
    if (outcome.status === 413) return { kind: 'too-large' };
    if (isRecord(body) && body.success !== true && body.shouldRestartSession === true)
      return { kind: 'restart' };
    return { kind: 'retry', why: `HTTP ${outcome.status}` };
  }
  if (!isRecord(body)) return { kind: 'retry', why: 'the answer was not JSON' };
  if (body.success === true) return { kind: 'success' };
  if (body.shouldRestartSession === true) return { kind: 'restart' };
  if (body.errorCode === 'SESSION_NOT_IDENTIFIED' && typeof body.sessionId === 'string') {
    return { kind: 'not-sampled', sessionId: body.sessionId };
  }
  return {
    kind: 'retry',
    why: typeof body.errorCode === 'string' ? body.errorCode : 'success was not true',
  };
}
