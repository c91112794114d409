import type { MilanaState, MilanaStatus, Result, SessionInfo, StateListener } from './types';
import type { Logger } from './log';
import type { Identity } from './merge';
import type { ResolvedInitOptions } from './init-options';
import type { RecorderHost, RecorderOptions } from '@milana-js/recorder';
import type { RecorderLoader } from './recorder-link';
import type { IntegrationsLoader } from './integrations-link';
import type { StatePatch } from './state';
import type { Transport } from './transport';
import type { Answer, Target } from './identity-batcher';
import type { IntegrationKinds } from './integration-poller';
import { mergeIdentity } from './merge';
import { INITIAL_STATE, canMove, isReady, nextState } from './state';
import { clearSessionState, readSessionState, writeSessionState } from './session-store';
import { parseJson } from './transport';
import { createUrlSanitizer } from './url';
import { retryLater } from './retry';
import { createListeners } from './listeners';
import { createCallQueue } from './call-queue';
import { createIdentityBatcher, postUpdate } from './identity-batcher';
import { createRecorderSlot } from './recorder-slot';
import { createIntegrationPoller } from './integration-poller';

export { MAX_QUEUED_CALLS, QUEUED_CALL_TTL_MS } from './call-queue';

/**
 * What one `init` sets up and every restart of that session reuses: the transport (headers and
 * caller type fixed per session), the init-time `/session` body and referrer (§6.2, §4: a restart
 * re-sends them unchanged), what the recorder is loaded and started with, and the integrations
 * to auto-detect.
 */
interface Run {
  readonly _post: Transport;
  readonly _body: string;
  readonly _referrer: string;
  readonly _loader: RecorderLoader;
  readonly _options: RecorderOptions;
  readonly _sanitizeUrl: (url: string) => string;
  readonly _kinds: IntegrationKinds;
}

/** The snapshot fields of a session that is not (or no longer) known. */
const NO_SESSION: StatePatch = { sessionId: null, sampled: null };

/** What a client drives; see {@link createSession}. */
export type Session = ReturnType<typeof createSession>;

/**
 * The session lifecycle of one client, composed of small parts: the store (snapshot, listeners
 * and the one commit path), the call queue, the identity batcher, the recorder slot and the
 * integration poller. This file keeps `/session` (start, resume, restart, retries that never give up)
 * and the moves between statuses; each move is one `_commit` whose effects run before any
 * listener hears of it.
 *
 * Staleness has one mechanism: the `generation`. `init`, `stopRecording()` and a restart bump it;
 * every asynchronous step carries the generation it started in and changes nothing once it is
 * stale (§6.3 "Superseded"), and recorder signals count only while that generation records.
 */
export function createSession(log: Logger, loadIntegrations: IntegrationsLoader) {
  const listeners = createListeners(log);
  let state: MilanaState = INITIAL_STATE;
  let run: Run | null = null;
  let generation = 0;
  /** Cancels the pending `/session` retry (§23), if any. */
  let cancelRetry = (): void => undefined;

  /**
   * The one commit path: moves to `to` (when the transition table allows it), applies `patch`,
   * runs the move's `effects` (storage, recorder, queue, polling), and only then notifies. A
   * refused move (a late answer for a client that moved on: state.test.ts has the table) changes
   * and runs nothing, silently. The snapshot is queued before the effects run, so a commit an
   * effect makes is delivered after this one.
   */
  function commit(to: MilanaStatus, patch: StatePatch = {}, effects?: () => void): void {
    if (!canMove(state.status, to)) return;
    const prev = state;
    state = nextState(prev, to, patch);
    if (state !== prev) listeners._queue(state);
    effects?.();
    listeners._flush();
  }

  const ready = (): boolean => isReady(state.status);
  const hasSession = (): boolean => !['idle', 'stopped'].includes(state.status);
  // The snapshot is the one record of the session id and the confirmed identity (§7.5, §15).
  const saved = () => ({ user: state.user, session: state.session });
  const persist = (): void => writeSessionState({ sessionId: state.sessionId, ...saved() });
  /** Whether `gen` is current and records: the condition of every recorder signal. */
  const recording = (gen: number): boolean => gen === generation && state.status === 'recording';

  /** Session `id` of the current generation, for async work (a ready session has a run). */
  const target = (id: string): Target => ({ _post: run!._post, _id: id, _gen: generation });

  const queue = createCallQueue(log, ready, () => state.status == 'awaiting-consent');
  const slot = createRecorderSlot(log, recording, (gen, error) =>
    halt(gen, 'the recorder could not be loaded', error),
  );
  const batcher = createIdentityBatcher(log, {
    _target: () => (ready() ? target(state.sessionId!) : null),
    _saved: saved,
    _confirm(target, sent, answer) {
      if (target._gen !== generation) return; // a restart happened meanwhile (§7.5 step 4)
      const { user } = state;
      // First link wins (§7.6): another userId updates that user's profile, not the session's user.
      if (sent.user && user && sent.user.userId !== user.userId) sent = { session: sent.session };
      commit(state.status, mergeIdentity(saved(), sent), persist);
      // A missing `sampled` means "not sampled" (§7.3).
      if (answer.sampled !== true) markNotSampled(target._gen, answer.sessionId);
    },
    _restart: (target) => restart(target, 'update'),
  });
  const poller = createIntegrationPoller(log, loadIntegrations, ready, (halves) =>
    batcher._submit(halves, 'integrations', () => undefined),
  );

  // ---- Lifecycle -----------------------------------------------------------------------------

  /** The recorder's view of session `id` of the current generation (its signals count while it records). */
  function recorderHost(current: Run, id: string): RecorderHost {
    const mine = target(id);
    const gen = generation;
    return {
      options: current._options,
      sessionId: id,
      // The body goes over on every status: the recorder honours a restart asked for in a non-2xx
      // answer (the §8.3 deviation option) and treats any other non-2xx as a failure.
      send: async (path, body, options) => {
        const outcome = await current._post(path, body, { ...options, sessionId: id });
        return { reached: outcome.reached, status: outcome.status, json: parseJson(outcome.text) };
      },
      requestRestart: () => restart(mine, 'batch'),
      markNotSampled: (idInBody) => markNotSampled(gen, idInBody),
      halt: (reason) => halt(gen, reason),
      sanitizeUrl: current._sanitizeUrl,
      log,
    };
  }

  /**
   * `/session` round trip, identity replay and readiness (§6.3, §15, §16 steps 4–6). `tries` is
   * -1 for `init`, 0 for a restart, then the number of the background retry. Resolves whether the
   * session became ready.
   */
  async function open(gen: number, resumeId: string | null, tries: number): Promise<boolean> {
    const current = run!;
    let why: unknown;
    try {
      const outcome = await current._post('/session', current._body, {
        referrer: current._referrer,
        sessionId: resumeId,
      });
      if (gen !== generation) return false;
      const ok = outcome.status > 199 && outcome.status < 300;
      const body: unknown = ok && parseJson(outcome.text);
      const id = body && typeof body == 'object' ? (body as Answer).sessionId : null;
      if (typeof id == 'string' && id) {
        let sampled = (body as Answer).sampled === true;
        // From `idle` too: a background retry of a failed `init` (§23).
        commit('initializing', { sessionId: id, sampled }, persist);
        const { user, session } = state;
        if (gen === generation && id !== resumeId && (user || session)) {
          // A new id means the server does not know our user yet: attach it before anything else,
          // without dedup, restart or save (§16 step 5).
          const [answer] = await postUpdate(
            log,
            target(id),
            {
              user: user || undefined,
              session: session && Object.keys(session).length ? session : undefined,
            },
            'replay',
          );
          if (answer?.success === true && answer.sampled !== true) sampled = false;
        }
        // A listener may have stopped the session while it heard of the id, or during the replay.
        if (gen !== generation) return false;
        commit(sampled ? 'recording' : 'not-sampled', { sampled }, () => {
          // Not sampled: a capture held across a restart ends (nothing of it is sent).
          if (sampled) void slot._start(current._loader, recorderHost(current, id), gen);
          else slot._stop();
          queue._take(true);
          poller._start(current._kinds);
        });
        return true;
      }
      // Not reached: the status text is the network error.
      why = outcome.reached
        ? ok
          ? 'no session id in the answer'
          : `HTTP ${outcome.status}`
        : outcome.statusText;
    } catch (error) {
      why = error;
    }
    if (gen !== generation) return false;
    // §23: a failed start never gives up (1, 5, 15, 30, 60 s, then every 60 s, jittered, and at
    // once when the browser is back online); queued calls wait. A failed `init` still resolves
    // false and frees the slot (idle), so a later `init` replaces the retrying one.
    if (tries < 1)
      log.info(
        `${tries < 0 ? 'init' : 'restart'}: the session could not start: ${String(why)}; retrying`,
      );
    if (tries < 0) commit('idle', NO_SESSION, poller._stop);
    const done = tries > 0 ? tries : 0;
    cancelRetry = retryLater(done, () => void open(gen, resumeId, done + 1));
    return false;
  }

  /**
   * A server-driven restart (§16). Triggers from an older session (or while none is ready) are
   * ignored without a line: they are the expected echo of a restart already under way.
   */
  function restart({ _id, _gen }: Target, cause: string): void {
    if (!run || _gen !== generation || !ready()) return;
    log.info(`the server ended session ${_id} (${cause}); starting a new session`);
    const gen = ++generation;
    commit('initializing', NO_SESSION, () => {
      persist();
      slot._stop('restart');
      void open(gen, null, 0);
    });
  }

  function markNotSampled(gen: number, idInBody: unknown): void {
    if (!recording(gen)) return;
    const sessionId = typeof idInBody == 'string' && idInBody ? idInBody : state.sessionId;
    commit('not-sampled', { sessionId, sampled: false }, () => {
      slot._stop('not-sampled');
      persist();
    });
  }

  function halt(gen: number, why: string, ...error: unknown[]): void {
    if (!recording(gen)) return;
    log.info(`recording stopped (${why}); identity calls still work`, ...error);
    // The recorder stopped itself (or never ran): the slot only forgets it.
    commit('halted', {}, slot._stop);
  }

  return {
    _state: (): MilanaState => state,

    /** Calls `listener` on every change, and at once when `now`. Returns the unsubscribe. */
    _watch: (listener: StateListener, now: boolean): (() => void) =>
      listeners._watch(listener, now && state),

    /** True from `init` until `stopRecording()` or a failed start: a second `init` is refused. */
    _hasSession: hasSession,

    /**
     * `init`: opens (or resumes) a session that posts through `post` and starts with
     * `sessionInfo` (already validated), `options` and the recorder `loader`. Resolves whether
     * the session became ready.
     */
    _start(
      post: Transport,
      sessionInfo: SessionInfo,
      options: ResolvedInitOptions,
      loader: RecorderLoader,
    ): Promise<boolean> {
      const { sessionId: resumeId, ...stored } = readSessionState();
      const sanitizeUrl = createUrlSanitizer(options.privacy);
      run = {
        _post: post,
        _body: JSON.stringify(sessionInfo),
        // The referrer is the sanitised page URL at this moment: `''` resolves to `location.href`.
        _referrer: sanitizeUrl(''),
        _loader: loader,
        _options: options.recorder,
        _sanitizeUrl: sanitizeUrl,
        _kinds: options.integrations,
      };
      const gen = ++generation;
      cancelRetry();
      commit('initializing', { ...NO_SESSION, ...stored }, () => queue._renew());
      return open(gen, resumeId, -1);
    },

    /** `init` without consent yet: the status says so; nothing is sent, stored or loaded. */
    _await: (): void => commit('awaiting-consent', {}),

    /**
     * `stopRecording()` (§14), or a withdrawn consent when `!flush`: the recorder then drops its
     * buffer instead of sending it. Returns false when there was no session.
     */
    _stop(flush = true): boolean {
      const had = hasSession();
      generation++;
      cancelRetry();
      run = null;
      // §14 order: abort batch + final metrics (the recorder does both), storage, polling, queue.
      const effects = (): void => {
        slot._stop(flush ? 'abort' : 'denied');
        if (had) clearSessionState();
        poller._stop();
        batcher._stop();
        queue._take(false);
      };
      // The initial snapshot's fields are exactly what a stopped client knows: nothing.
      if (had) commit('stopped', INITIAL_STATE, effects);
      else effects();
      return had;
    },

    /** An identity call: queued until ready, then coalesced and deduped. */
    _update: (call: string, halves: Identity): Promise<Result> =>
      new Promise((resolve) =>
        queue._schedule(call, (go) =>
          go ? batcher._submit(halves, call, resolve) : resolve({ success: false }),
        ),
      ),

    /**
     * A `trackEvent` as the app passed it: queued until ready; recorded only in `recording`
     * (§17.4), where the recorder runs or loads (events wait for it, bounded) and validates it.
     * Other statuses have none, so an event they drop is never checked and logs no warning.
     */
    _track(name: unknown, attributes: unknown): void {
      queue._schedule('trackEvent', (go) => go && slot._track(name, attributes));
    },
  };
}
