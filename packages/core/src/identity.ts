import type { Result, SessionUpdate, UserUpdate } from './types';
import type { Logger } from './log';
import type { HttpOutcome } from './transport';
import { parseJson } from './transport';
import { changedHalves, mergeSessionContext, mergeUser } from './merge';
import type { SavedIdentity } from './merge';

/** One `/update` body before dedup: at least one half. */
export interface UpdateHalves {
  user?: UserUpdate;
  session?: SessionUpdate;
}

/** How the client reads one `/update` answer (§7.3). */
export type UpdateAnswer =
  | { kind: 'success'; sampled: boolean; sessionId: string | null }
  | { kind: 'restart'; errorCode: string | null }
  /** `level`: §7.3 logs a refused update at info level, a network error or non-JSON body at debug. */
  | { kind: 'failure'; detail: string; level: 'info' | 'debug' };

/** Interprets an `/update` answer. The body decides on every status, never the status itself. */
export function readUpdateAnswer(outcome: HttpOutcome): UpdateAnswer {
  if (!outcome.reached)
    return { kind: 'failure', detail: `network error (${outcome.statusText})`, level: 'debug' };
  const json = parseJson(outcome.text);
  if (json === null || typeof json !== 'object') {
    return { kind: 'failure', detail: `HTTP ${outcome.status}, body not JSON`, level: 'debug' };
  }
  const body = json as {
    success?: unknown;
    sampled?: unknown;
    sessionId?: unknown;
    shouldRestartSession?: unknown;
    errorCode?: unknown;
  };
  const errorCode = typeof body.errorCode === 'string' ? body.errorCode : null;
  if (body.success === true) {
    const sessionId =
      typeof body.sessionId === 'string' && body.sessionId.length > 0 ? body.sessionId : null;
    // A missing `sampled` means "not sampled" (§7.3, upstream behaviour the server relies on).
    return { kind: 'success', sampled: body.sampled === true, sessionId };
  }
  if (body.shouldRestartSession === true) return { kind: 'restart', errorCode };
  return {
    kind: 'failure',
    detail: `HTTP ${outcome.status}, error code ${errorCode ?? 'none'}`,
    level: 'info',
  };
}

/** Serialises halves with `user` before `session` (§7.2); absent halves vanish. */
export function updateBody(halves: UpdateHalves): string {
  return JSON.stringify({ user: halves.user, session: halves.session });
}

/** What the identity batcher needs from the client. */
export interface IdentityContext {
  readonly log: Logger;
  /** The ready session's id, or null when no session can take an `/update` now. */
  readySessionId(): string | null;
  /** The last server-confirmed identity (§7.5). */
  confirmed(): SavedIdentity;
  post(body: string, sessionId: string): Promise<HttpOutcome>;
  /** A confirmed send: merge it into the saved identity if the session is still `sessionIdAtSend`. */
  onConfirmed(sent: UpdateHalves, sessionIdAtSend: string): void;
  /** The server said the session is not sampled (§7.3). */
  onNotSampled(sessionIdAtSend: string, sessionIdInBody: string | null): void;
  /** The server asked for a restart (§16); the client ignores it if the session changed. */
  onRestartRequested(sessionIdAtSend: string): void;
}

interface Group {
  halves: UpdateHalves;
  calls: string[];
  waiters: Array<(result: Result) => void>;
}

function canJoin(group: Group, next: UpdateHalves): boolean {
  // Session parts always merge; user parts only for the same user, since one body has one user.
  return !next.user || !group.halves.user || group.halves.user.userId === next.user.userId;
}

function join(group: Group, next: UpdateHalves): void {
  if (next.user)
    group.halves.user = group.halves.user ? mergeUser(group.halves.user, next.user) : next.user;
  if (next.session) {
    group.halves.session = group.halves.session
      ? mergeSessionContext(group.halves.session, next.session)
      : next.session;
  }
}

/**
 * Identity and session-context updates: coalescing, dedup against the last confirmed state and
 * the `/update` round trip.
 *
 * Calls made in the same tick are collected until a microtask runs; compatible calls (no user, or
 * the same `userId`) merge into one body with the §7.5 merge rules, a different `userId` starts
 * the next body, and bodies go out in call order. Every caller's promise settles with the outcome
 * of the request that carried its data.
 */
export class IdentityBatcher {
  private _groups: Group[] = [];
  private _scheduled = false;

  constructor(private readonly _ctx: IdentityContext) {}

  /** Queues `halves` (already validated and sanitised) for the next flush. */
  submit(halves: UpdateHalves, call: string): Promise<Result> {
    return new Promise<Result>((resolve) => {
      const last = this._groups[this._groups.length - 1];
      if (last && canJoin(last, halves)) {
        join(last, halves);
        last.calls.push(call);
        last.waiters.push(resolve);
      } else {
        this._groups.push({ halves: { ...halves }, calls: [call], waiters: [resolve] });
      }
      if (!this._scheduled) {
        this._scheduled = true;
        queueMicrotask(() => this._flush());
      }
    });
  }

  /** Sends the saved identity after a restart (§16): no dedup, no restart, no save. */
  async replay(saved: SavedIdentity, sessionId: string): Promise<{ sampled: boolean | null }> {
    const halves: UpdateHalves = {};
    if (saved.user) halves.user = saved.user;
    if (saved.sessionContext && Object.keys(saved.sessionContext).length > 0)
      halves.session = saved.sessionContext;
    if (!halves.user && !halves.session) return { sampled: null };
    const answer = readUpdateAnswer(await this._ctx.post(updateBody(halves), sessionId));
    if (answer.kind !== 'success') {
      this._ctx.log.debug(`identity replay not confirmed (${answer.kind})`);
      return { sampled: null };
    }
    return { sampled: answer.sampled };
  }

  private _flush(): void {
    this._scheduled = false;
    const groups = this._groups;
    this._groups = [];
    for (const group of groups) void this._send(group);
  }

  private async _send(group: Group): Promise<void> {
    const settle = (result: Result): void => {
      for (const resolve of group.waiters) resolve(result);
    };
    try {
      const sessionId = this._ctx.readySessionId();
      if (sessionId === null) {
        // stopRecording() or a restart landed between the call and this flush.
        settle({ success: false });
        return;
      }
      const changed = changedHalves(this._ctx.confirmed(), group.halves);
      if (changed === null) {
        this._ctx.log.debug(`${group.calls.join(', ')}: nothing changed, no request sent`);
        settle({ success: true });
        return;
      }
      const answer = readUpdateAnswer(await this._ctx.post(updateBody(changed), sessionId));
      if (answer.kind === 'success') {
        this._ctx.onConfirmed(changed, sessionId);
        if (!answer.sampled) this._ctx.onNotSampled(sessionId, answer.sessionId);
        settle({ success: true });
        return;
      }
      if (answer.kind === 'restart') {
        this._ctx.log.info(
          `${group.calls[0]}: the server asked for a new session (${answer.errorCode ?? 'no code'}); not retried`,
        );
        this._ctx.onRestartRequested(sessionId);
      } else {
        this._ctx.log[answer.level](`${group.calls[0]}: update not accepted (${answer.detail})`);
      }
      settle({ success: false });
    } catch (error) {
      this._ctx.log.debug(`${group.calls[0]}: update failed`, error);
      settle({ success: false });
    }
  }
}
