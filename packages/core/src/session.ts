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
  private readonly queue: CallQueue;
  private readonly identity: IdentityBatcher;
  private run: SessionRun | null = null;
  private sessionId: string | null = null;
  private saved: SavedIdentity = EMPTY_IDENTITY;
  private generation = 0;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly log: Logger) {
    this.state = new StateStore(log);
    this.queue = new CallQueue({ log });
    this.identity = new IdentityBatcher({
      log,
      readySessionId: () => this.readySessionId(),
      confirmed: () => this.saved,
      post: (body, sessionId) => this.postUpdate(body, sessionId),
      onConfirmed: (sent, idAtSend) => this.confirm(sent, idAtSend),
      onNotSampled: (idAtSend, idInBody) => {
        if (this.state.status === 'recording') this.becomeNotSampled(idAtSend, idInBody);
      },
      onRestartRequested: (idAtSend) => this.restart(idAtSend, 'update'),
    });
  }

  /** True from `init` until `stopRecording()` or a failed start: a second `init` is refused. */
  hasSession(): boolean {
    return this.state.status !== 'idle' && this.state.status !== 'stopped';
  }

  /** `init`: opens (or resumes) a session. Resolves whether the session became ready. */
  start(params: StartParams): Promise<boolean> {
    const stored = readSessionState();
    this.saved = { user: stored?.user ?? null, sessionContext: stored?.sessionContext ?? null };
    this.run = createSessionRun(params, {
      log: this.log,
      signals: this.signals,
      isReady: () => this.readySessionId() !== null,
      submitIntegrations: (integrations) => void this.identity.submit({ session: { integrations } }, 'integrations'),
    });
    const generation = ++this.generation;
    this.state.transition('initializing', {
      sessionId: null,
      sampled: null,
      user: this.saved.user,
      session: this.saved.sessionContext,
    });
    return this.open(generation, stored?.sessionId ?? null, 'init');
  }

  /** `stopRecording()` (§14). Returns false when there was no session. */
  stop(): boolean {
    const hadSession = this.hasSession();
    this.generation++;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const run = this.run;
    this.run = null;
    // §14 order: abort batch + final metrics (the recorder does both), storage, polling, queue.
    run?.link.stop('abort');
    if (hadSession) clearSessionState();
    run?.poller.stop();
    this.queue.dropAll();
    this.sessionId = null;
    this.saved = EMPTY_IDENTITY;
    if (hadSession) this.state.transition('stopped', { sessionId: null, sampled: null, user: null, session: null });
    return hadSession;
  }

  /** Runs `call` now when a session is ready, otherwise holds it in the queue. */
  schedule(call: QueuedCall): void {
    if (isReadyStatus(this.state.status) && this.queue.size === 0) call.run();
    else this.queue.enqueue(call);
  }

  /** An identity call: queued until ready, then coalesced and deduped. */
  update(call: string, halves: UpdateHalves): Promise<Result> {
    return new Promise<Result>((resolve) => {
      this.schedule({
        name: call,
        run: () => {
          this.identity.submit(halves, call).then(resolve, () => resolve({ success: false }));
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
        if (this.state.status === 'recording') this.run?.link.trackEvent(name, attributes);
      },
      drop: () => undefined,
    });
  }

  private readySessionId(): string | null {
    return isReadyStatus(this.state.status) ? this.sessionId : null;
  }

  private postUpdate(body: string, sessionId: string) {
    const run = this.run;
    if (!run) return Promise.resolve({ reached: false, status: 0, statusText: 'no session', text: null });
    return run.transport.post('/update', body, { sessionId });
  }

  private persist(): void {
    writeSessionState({ sessionId: this.sessionId, user: this.saved.user, sessionContext: this.saved.sessionContext });
  }

  /** `/session` round trip, identity replay and readiness (§6.3, §15, §16 steps 4–6). */
  private async open(generation: number, resumeId: string | null, cause: 'init' | 'restart'): Promise<boolean> {
    const run = this.run;
    if (!run) return false;
    const answer = await requestSession(run.transport, { body: run.sessionBody, referrer: run.referrer, resumeId });
    if (generation !== this.generation) return false;
    if (!answer.ok) {
      if (cause === 'init') {
        this.log.info(`init: the session could not start because ${answer.reason}; the app continues without recording`);
        this.run = null;
        this.state.transition('idle', { sessionId: null, sampled: null });
      }
      return false;
    }
    this.sessionId = answer.sessionId;
    this.persist();
    this.state.patch({ sessionId: answer.sessionId, sampled: answer.sampled });
    let sampled = answer.sampled;
    if (answer.sessionId !== resumeId) {
      // A new id means the server does not know our user yet: attach it before anything else.
      const replayed = await this.identity.replay(this.saved, answer.sessionId);
      if (generation !== this.generation) return false;
      if (replayed.sampled === false) sampled = false;
    }
    this.state.transition(sampled ? 'recording' : 'not-sampled', { sampled });
    if (sampled) void run.link.start(answer.sessionId);
    this.queue.drain();
    run.poller.start();
    return true;
  }

  /** A server-driven restart (§16). Triggers from an older session are ignored. */
  private restart(triggerSessionId: string, cause: 'update' | 'batch'): void {
    const run = this.run;
    if (!run || triggerSessionId !== this.sessionId || !isReadyStatus(this.state.status)) {
      this.log.debug(`ignored a restart request (${cause}) for session ${triggerSessionId}`);
      return;
    }
    this.log.info(`the server ended session ${triggerSessionId} (${cause}); starting a new session`);
    this.sessionId = null;
    this.persist();
    this.state.transition('initializing', { sessionId: null, sampled: null });
    run.link.stop('restart');
    const generation = ++this.generation;
    void this.attemptRestart(generation, 0);
  }

  private async attemptRestart(generation: number, attempt: number): Promise<void> {
    try {
      if (await this.open(generation, null, 'restart')) return;
    } catch (error) {
      this.log.debug('restart attempt failed', error);
    }
    if (generation !== this.generation) return;
    const delay = RESTART_BACKOFF_MS[attempt];
    if (delay === undefined) {
      this.log.info(
        `could not start a new session after ${attempt + 1} attempts; recording is off until init() is called again`,
      );
      this.run?.poller.stop();
      this.run = null;
      this.state.transition('idle', { sessionId: null, sampled: null });
      return;
    }
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.attemptRestart(generation, attempt + 1);
    }, delay);
    unrefTimer(this.restartTimer);
  }

  private becomeNotSampled(expectedId: string, idInBody: string | null): void {
    if (expectedId !== this.sessionId) return;
    this.run?.link.stop('not-sampled');
    this.sessionId = idInBody && idInBody.length > 0 ? idInBody : expectedId;
    this.persist();
    this.state.transition('not-sampled', { sessionId: this.sessionId, sampled: false });
  }

  private halt(sessionId: string, why: string): void {
    if (sessionId !== this.sessionId || this.state.status !== 'recording') return;
    this.run?.link.forget();
    this.log.info(`recording stopped (${why}); the session stays open for identity calls until the page reloads`);
    this.state.transition('halted');
  }

  private confirm(sent: UpdateHalves, idAtSend: string): void {
    if (idAtSend !== this.sessionId) return; // a restart happened meanwhile: do not save (§7.5 step 4)
    let accepted = sent;
    if (sent.user && this.saved.user && sent.user.userId !== this.saved.user.userId) {
      // First link wins (§7.6): another userId updates that user's profile, not the session's user.
      this.log.debug(`user ${sent.user.userId} was updated; the session stays linked to the first user`);
      accepted = { session: sent.session };
    }
    this.saved = applyConfirmed(this.saved, accepted);
    this.persist();
    this.state.patch({ user: this.saved.user, session: this.saved.sessionContext });
  }

  // Called from recorder code: guarded so a bug there can never throw back into the recorder.
  private readonly signals: RecorderSignals = {
    requestRestart: (sessionId) => this.guard(() => this.restart(sessionId, 'batch')),
    markNotSampled: (hostId, idInBody) =>
      this.guard(() => {
        if (this.state.status === 'recording') this.becomeNotSampled(hostId, idInBody);
      }),
    halt: (sessionId, reason) => this.guard(() => this.halt(sessionId, reason)),
    loadFailed: (sessionId) => this.guard(() => this.halt(sessionId, 'the recorder could not start')),
  };

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log.debug('internal error', error);
    }
  }
}
