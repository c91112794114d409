import type { Result, TrackEventAttributes } from './types';
import type { Logger } from './log';
import type { SavedIdentity } from './merge';
import type { RecorderSignals } from './recorder-link';
import type { UpdateHalves } from './identity';
import type { QueuedCall } from './call-queue';
import type { SessionRun, StartParams } from './session-run';
import { applyConfirmed } from './merge';
import { CallQueue } from './call-queue';
import { IdentityBatcher } from './identity';
import { StateStore, isReadyStatus } from './state';
import { requestSession } from './session-request';
import { clearSessionState, readSessionState, writeSessionState } from './session-store';
import { createSessionRun } from './session-run';
import { unrefTimer } from './timers';

export type { StartParams } from './session-run';

/** Waits between failed restart attempts (§6.3 DEVIATION: bounded retries, then give up). */
export const RESTART_BACKOFF_MS: readonly number[] = [1_000, 5_000, 15_000];

const EMPTY_IDENTITY: SavedIdentity = { user: null, sessionContext: null };

/**
 * The session lifecycle of one client: `/session` (start, resume, restart with bounded retries),
 * the state machine, the call queue, identity and the recorder seam.
 *
 * Every asynchronous step carries the `generation` it belongs to; `stopRecording()`, a new `init`
 * and a restart bump it, so an answer that arrives for an older generation is discarded instead
 * of disturbing a newer session (§6.3 "Superseded").
 */
export class SessionController {
  readonly state: StateStore;
  private readonly _queue: CallQueue;
  private readonly _identity: IdentityBatcher;
  private _run: SessionRun | null = null;
  private _sessionId: string | null = null;
  private _saved: SavedIdentity = EMPTY_IDENTITY;
  private _generation = 0;
  private _restartTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly _log: Logger) {
    this.state = new StateStore(_log);
    this._queue = new CallQueue({ log: _log });
    this._identity = new IdentityBatcher({
      log: _log,
      readySessionId: () => this._readySessionId(),
      confirmed: () => this._saved,
      post: (body, sessionId) => this._postUpdate(body, sessionId),
      onConfirmed: (sent, idAtSend) => this._confirm(sent, idAtSend),
      onNotSampled: (idAtSend, idInBody) => {
        if (this.state.status === 'recording') this._becomeNotSampled(idAtSend, idInBody);
      },
      onRestartRequested: (idAtSend) => this._restart(idAtSend, 'update'),
    });
  }

  /** True from `init` until `stopRecording()` or a failed start: a second `init` is refused. */
  hasSession(): boolean {
    return this.state.status !== 'idle' && this.state.status !== 'stopped';
  }

  /** `init`: opens (or resumes) a session. Resolves whether the session became ready. */
  start(params: StartParams): Promise<boolean> {
    const stored = readSessionState();
    this._saved = { user: stored?.user ?? null, sessionContext: stored?.sessionContext ?? null };
    this._run = createSessionRun(params, {
      log: this._log,
      signals: this._signals,
      isReady: () => this._readySessionId() !== null,
      submitIntegrations: (integrations) =>
        void this._identity.submit({ session: { integrations } }, 'integrations'),
    });
    const generation = ++this._generation;
    this.state.transition('initializing', {
      sessionId: null,
      sampled: null,
      user: this._saved.user,
      session: this._saved.sessionContext,
    });
    return this._open(generation, stored?.sessionId ?? null, 'init');
  }

  /** `stopRecording()` (§14). Returns false when there was no session. */
  stop(): boolean {
    const hadSession = this.hasSession();
    this._generation++;
    if (this._restartTimer !== null) clearTimeout(this._restartTimer);
    this._restartTimer = null;
    const run = this._run;
    this._run = null;
    // §14 order: abort batch + final metrics (the recorder does both), storage, polling, queue.
    run?.link.stop('abort');
    if (hadSession) clearSessionState();
    run?.poller.stop();
    this._queue.dropAll();
    this._sessionId = null;
    this._saved = EMPTY_IDENTITY;
    if (hadSession)
      this.state.transition('stopped', {
        sessionId: null,
        sampled: null,
        user: null,
        session: null,
      });
    return hadSession;
  }

  /** Runs `call` now when a session is ready, otherwise holds it in the queue. */
  schedule(call: QueuedCall): void {
    if (isReadyStatus(this.state.status) && this._queue.size === 0) call.run();
    else this._queue.enqueue(call);
  }

  /** An identity call: queued until ready, then coalesced and deduped. */
  update(call: string, halves: UpdateHalves): Promise<Result> {
    return new Promise<Result>((resolve) => {
      this.schedule({
        name: call,
        run: () => {
          this._identity.submit(halves, call).then(resolve, () => resolve({ success: false }));
        },
        drop: () => resolve({ success: false }),
      });
    });
  }

  /** A validated `trackEvent`: queued until ready; recorded only in `recording` (§17.4). */
  trackEvent(name: string, attributes: TrackEventAttributes): void {
    this.schedule({
      name: 'trackEvent',
      run: () => {
        if (this.state.status === 'recording') this._run?.link.trackEvent(name, attributes);
      },
      drop: () => undefined,
    });
  }

  private _readySessionId(): string | null {
    return isReadyStatus(this.state.status) ? this._sessionId : null;
  }

  private _postUpdate(body: string, sessionId: string) {
    const run = this._run;
    if (!run)
      return Promise.resolve({ reached: false, status: 0, statusText: 'no session', text: null });
    return run.transport.post('/update', body, { sessionId });
  }

  private _persist(): void {
    writeSessionState({
      sessionId: this._sessionId,
      user: this._saved.user,
      sessionContext: this._saved.sessionContext,
    });
  }

  /** `/session` round trip, identity replay and readiness (§6.3, §15, §16 steps 4–6). */
  private async _open(
    generation: number,
    resumeId: string | null,
    cause: 'init' | 'restart',
  ): Promise<boolean> {
    const run = this._run;
    if (!run) return false;
    const answer = await requestSession(run.transport, {
      body: run.sessionBody,
      referrer: run.referrer,
      resumeId,
    });
    if (generation !== this._generation) return false;
    if (!answer.ok) {
      if (cause === 'init') {
        this._log.info(`init: the session could not start: ${answer.reason}`);
        this._run = null;
        this.state.transition('idle', { sessionId: null, sampled: null });
      }
      return false;
    }
    this._sessionId = answer.sessionId;
    this._persist();
    this.state.patch({ sessionId: answer.sessionId, sampled: answer.sampled });
    let sampled = answer.sampled;
    if (answer.sessionId !== resumeId) {
      // A new id means the server does not know our user yet: attach it before anything else.
      const replayed = await this._identity.replay(this._saved, answer.sessionId);
      if (generation !== this._generation) return false;
      if (replayed.sampled === false) sampled = false;
    }
    this.state.transition(sampled ? 'recording' : 'not-sampled', { sampled });
    if (sampled) void run.link.start(answer.sessionId);
    this._queue.drain();
    run.poller.start();
    return true;
  }

  /** A server-driven restart (§16). Triggers from an older session are ignored. */
  private _restart(triggerSessionId: string, cause: 'update' | 'batch'): void {
    const run = this._run;
    if (!run || triggerSessionId !== this._sessionId || !isReadyStatus(this.state.status)) {
      this._log.debug(`ignored a restart request (${cause}) for session ${triggerSessionId}`);
      return;
    }
    this._log.info(
      `the server ended session ${triggerSessionId} (${cause}); starting a new session`,
    );
    this._sessionId = null;
    this._persist();
    this.state.transition('initializing', { sessionId: null, sampled: null });
    run.link.stop('restart');
    const generation = ++this._generation;
    void this._attemptRestart(generation, 0);
  }

  private async _attemptRestart(generation: number, attempt: number): Promise<void> {
    try {
      if (await this._open(generation, null, 'restart')) return;
    } catch (error) {
      this._log.debug('restart attempt failed', error);
    }
    if (generation !== this._generation) return;
    const delay = RESTART_BACKOFF_MS[attempt];
    if (delay === undefined) {
      this._log.info(
        `could not start a new session after ${attempt + 1} attempts; call init() again`,
      );
      this._run?.poller.stop();
      this._run = null;
      this.state.transition('idle', { sessionId: null, sampled: null });
      return;
    }
    this._restartTimer = setTimeout(() => {
      this._restartTimer = null;
      void this._attemptRestart(generation, attempt + 1);
    }, delay);
    unrefTimer(this._restartTimer);
  }

  private _becomeNotSampled(expectedId: string, idInBody: string | null): void {
    if (expectedId !== this._sessionId) return;
    this._run?.link.stop('not-sampled');
    this._sessionId = idInBody && idInBody.length > 0 ? idInBody : expectedId;
    this._persist();
    this.state.transition('not-sampled', { sessionId: this._sessionId, sampled: false });
  }

  private _halt(sessionId: string, why: string): void {
    if (sessionId !== this._sessionId || this.state.status !== 'recording') return;
    this._run?.link.forget();
    this._log.info(`recording stopped (${why}); identity calls still work`);
    this.state.transition('halted');
  }

  private _confirm(sent: UpdateHalves, idAtSend: string): void {
    if (idAtSend !== this._sessionId) return; // a restart happened meanwhile: do not save (§7.5 step 4)
    let accepted = sent;
    if (sent.user && this._saved.user && sent.user.userId !== this._saved.user.userId) {
      // First link wins (§7.6): another userId updates that user's profile, not the session's user.
      this._log.debug(`user ${sent.user.userId} updated; the session keeps its first user`);
      accepted = { session: sent.session };
    }
    this._saved = applyConfirmed(this._saved, accepted);
    this._persist();
    this.state.patch({ user: this._saved.user, session: this._saved.sessionContext });
  }

  // Called from recorder code: guarded so a bug there can never throw back into the recorder.
  private readonly _signals: RecorderSignals = {
    requestRestart: (sessionId) => this._guard(() => this._restart(sessionId, 'batch')),
    markNotSampled: (hostId, idInBody) =>
      this._guard(() => {
        if (this.state.status === 'recording') this._becomeNotSampled(hostId, idInBody);
      }),
    halt: (sessionId, reason) => this._guard(() => this._halt(sessionId, reason)),
    loadFailed: (sessionId) =>
      this._guard(() => this._halt(sessionId, 'the recorder could not start')),
  };

  private _guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this._log.debug('internal error', error);
    }
  }
}
