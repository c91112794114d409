import type {
  MilanaState,
  MilanaStatus,
  Result,
  SessionInfo,
  StateListener,
  TrackEventAttributes,
} from './types';
import type { Logger } from './log';
import type { Identity } from './merge';
import type { ResolvedInitOptions } from './init-options';
import type { Recorder, RecorderHost, RecorderOptions, StopReason } from '@milana-js/recorder';
import type { RecorderLoader } from './recorder-link';
import type { IntegrationsLoader, IntegrationsModule } from './integrations-link';
import type { StatePatch } from './state';
import type { StoredState } from './session-store';
import type { Transport } from './transport';
import { changedHalves, mergeIdentity } from './merge';
import { INITIAL_STATE, canMove, isReady, nextState } from './state';
import { clearSessionState, readSessionState, writeSessionState } from './session-store';
import { parseJson } from './transport';
import { createUrlSanitizer } from './url';
import { unrefTimer } from './timers';

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
  /** The integrations to auto-detect (init option `integrations`). */
  readonly _kinds: ResolvedInitOptions['integrations'];
}

/** The warm-up re-check after the first integration detection (§7.7). */
export const INTEGRATIONS_WARMUP_MS = 5_000;
/** The steady integration polling period (§7.7). */
export const INTEGRATIONS_PERIOD_MS = 30_000;

/** Waits between failed restart attempts (§6.3 DEVIATION: bounded retries, then give up). */
export const RESTART_BACKOFF_MS: readonly number[] = [1_000, 5_000, 15_000];

/** Bound of the call queue (DESIGN.md: about 1000 entries); the oldest call is dropped beyond it. */
export const MAX_QUEUED_CALLS = 1000;

/**
 * How long a call may wait for a session before it settles `{ success: false }`. Upstream leaves
 * calls made before a (failed) `init` pending forever; we keep them so a later `init` can still run
 * them, but a promise that never settles is a bug in the host app's eyes.
 */
export const QUEUED_CALL_TTL_MS = 5 * 60 * 1000;

/** The integration detector (§7.7), from the lazily loaded detection module. */
type Detect = IntegrationsModule['detectIntegrations'];

/** The last server-confirmed identity (§7.5), as stored (§15). */
type Saved = Omit<StoredState, 'sessionId'>;

/** The snapshot fields of a session that is not (or no longer) known. */
const NO_SESSION: StatePatch = { sessionId: null, sampled: null };

/** A call held until a session is ready: `_go(true)` runs it, `_go(false)` settles it unrun. */
interface Queued {
  readonly _name: string;
  readonly _go: (run: boolean) => void;
  _deadline: number;
}

/** Identity calls of one tick that share one `/update` body. */
interface Group {
  _halves: Identity;
  /** The first call's name, for log lines. */
  readonly _call: string;
  readonly _waiters: Array<(result: Result) => void>;
}

/** An `/update` or `/session` answer body (any JSON object). */
type Answer = Record<string, unknown>;

/** What a client drives; see {@link createSession}. */
export type Session = ReturnType<typeof createSession>;

/**
 * The session lifecycle of one client: the state machine and its listeners, the call queue,
 * identity updates, `/session` (start, resume, restart with bounded retries) and the recorder seam.
 *
 * Every asynchronous step carries the `generation` it belongs to; `stopRecording()`, a new `init`
 * and a restart bump it, so an answer that arrives for an older generation is discarded instead of
 * disturbing a newer session (§6.3 "Superseded"). `loadIntegrations` fetches the §7.7 detection
 * module, the first time a session that asks for integrations is ready.
 */
export function createSession(log: Logger, loadIntegrations: IntegrationsLoader) {
  let state: MilanaState = INITIAL_STATE;
  // Wrapped, so the same function subscribed twice is two subscriptions.
  const listeners = new Set<{ _fn: StateListener }>();
  let run: Run | null = null;
  let generation = 0;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let queue: Queued[] = [];
  let queueTimer: ReturnType<typeof setTimeout> | undefined;
  /** The next integration detection; set from the first ready session until it stops for good. */
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  /** The polling that is loading its detector or running; `stopRecording()` ends it. */
  let polling: object | undefined;
  /** The detector, loaded once per client (void when the module could not be loaded). */
  let detector: Promise<Detect | void> | undefined;
  let groups: Group[] = [];

  const ready = (): boolean => isReady(state.status);
  const hasSession = (): boolean => !['idle', 'stopped'].includes(state.status);
  // The snapshot is the one record of the session id and the confirmed identity (§7.5, §15).
  const saved = (): Saved => ({ user: state.user, session: state.session });
  // Stored before the snapshot changes, so a listener that stops the session clears it for good.
  const persist = (sessionId: string | null, identity = saved()): void =>
    writeSessionState({ sessionId, ...identity });

  // ---- State machine -------------------------------------------------------------------------

  function notify(listener: { _fn: StateListener }): void {
    try {
      listener._fn(state);
    } catch (error) {
      // One broken listener must not starve the others or break the SDK.
      log.debug('a state listener threw', error);
    }
  }

  /** Moves to `to` (when the transition table allows it) and applies `patch`. */
  function set(to: MilanaStatus, patch: StatePatch = {}): void {
    if (!canMove(state.status, to)) return log.debug(`refused ${state.status} -> ${to}`);
    const prev = state;
    state = nextState(prev, to, patch);
    if (state !== prev) for (const l of [...listeners]) if (listeners.has(l)) notify(l);
  }

  // ---- Call queue: readiness is an event, nothing polls ----------------------------------------

  /** Runs `go` now when a session is ready and nothing waits, otherwise holds it in call order. */
  function schedule(name: string, go: (run: boolean) => void): void {
    if (ready() && !queue.length) return go(true);
    queue.push({ _name: name, _go: go, _deadline: Date.now() + QUEUED_CALL_TTL_MS });
    if (queue.length > MAX_QUEUED_CALLS) {
      const oldest = queue.shift()!;
      log.warn(`${oldest._name}: dropped, over ${MAX_QUEUED_CALLS} calls wait for init()`);
      oldest._go(false);
    }
    armQueueTimer();
  }

  /** Runs (on readiness) or settles (on `stopRecording()`) every held call once, in order. */
  function takeQueue(runCalls: boolean): void {
    const held = queue;
    queue = [];
    clearTimeout(queueTimer);
    queueTimer = undefined;
    for (const call of held) call._go(runCalls);
  }

  // One timer, only while something is queued, for the oldest call's deadline.
  // None while awaiting consent: the visitor may take long to answer, and the app owns the decision.
  function armQueueTimer(): void {
    if (queueTimer || !queue[0] || state.status == 'awaiting-consent') return;
    queueTimer = setTimeout(() => {
      queueTimer = undefined;
      let expired = 0;
      while (queue[0] && queue[0]._deadline <= Date.now()) {
        queue.shift()!._go(false);
        expired++;
      }
      if (expired)
        log.info(`${expired} queued call(s) expired: no session within 5 min; check init()`);
      armQueueTimer();
    }, queue[0]._deadline - Date.now());
    unrefTimer(queueTimer);
  }

  /**
   * Starts integration auto-detect (§7.7) of `kinds` once the detection module has arrived (it is
   * fetched on first use only, once per client). A module that cannot be loaded costs one info
   * line and ends polling; nothing throws or rejects.
   */
  async function startPolling(kinds: Run['_kinds']): Promise<void> {
    const mine = (polling = {});
    // A failed import, a loader that throws and a module without the function are one case: no
    // detector, one line. The loader runs inside `then` so that even a synchronous throw lands here.
    const detect = await (detector ||= Promise.resolve()
      .then(loadIntegrations)
      .then((mod) => mod.detectIntegrations || Promise.reject(TypeError('no detectIntegrations')))
      .catch((error: unknown) =>
        log.info('integrations: the detection code could not be loaded; no auto-detect', error),
      ));
    if (detect && polling === mine) poll(detect, kinds, INTEGRATIONS_WARMUP_MS);
  }

  /**
   * A detection run of `kinds` now and the next one `ms` later, then every 30 s; the schedule
   * survives server-driven restarts. A run is skipped while no session is ready (during a
   * restart); what it finds goes through the normal dedup (§7.5). Detection never throws.
   */
  function poll(detect: Detect, kinds: Run['_kinds'], ms: number): void {
    pollTimer = setTimeout(() => poll(detect, kinds, INTEGRATIONS_PERIOD_MS), ms);
    unrefTimer(pollTimer);
    const found = ready() && detect(kinds);
    if (found) submit({ session: { integrations: found } }, 'integrations', () => undefined);
  }

  function stopPolling(): void {
    clearTimeout(pollTimer);
    pollTimer = polling = undefined;
  }

  // ---- Identity: coalescing, dedup, /update ----------------------------------------------------

  /**
   * Queues validated halves for the flush at the end of this tick. Compatible calls (no user, or
   * the same `userId`) merge into one body with the §7.5 merge rules; another `userId` starts the
   * next body; bodies go out in call order and every caller gets its body's outcome.
   */
  function submit(halves: Identity, call: string, resolve: (result: Result) => void): void {
    const last = groups[groups.length - 1];
    const user = last?._halves.user;
    if (last && (!halves.user || !user || user.userId === halves.user.userId)) {
      last._halves = mergeIdentity(last._halves, halves);
      last._waiters.push(resolve);
    } else if (groups.push({ _halves: halves, _call: call, _waiters: [resolve] }) === 1) {
      void Promise.resolve().then(() => {
        const flushed = groups;
        groups = [];
        for (const group of flushed) void send(group);
      });
    }
  }

  /** POSTs `/update`. Resolves its JSON body (which decides on every status, §7.3) or null. */
  async function postUpdate(
    current: Run,
    halves: Identity,
    id: string,
    call: string,
  ): Promise<Answer | null> {
    // Every identity is built `user` first (§7.2); absent halves vanish.
    const outcome = await current._post('/update', JSON.stringify(halves), { sessionId: id });
    const json = parseJson(outcome.text);
    const answer = json && typeof json == 'object' ? (json as Answer) : null;
    const what = `${call}: update not accepted (HTTP ${outcome.status}, `;
    if (!answer) log.debug(what + (outcome.reached ? 'body not JSON)' : 'network error)'));
    else if (answer.success !== true)
      log.info(`${what}error code ${JSON.stringify(answer.errorCode ?? 'none')})`);
    return answer;
  }

  async function send({ _halves, _call, _waiters }: Group): Promise<void> {
    let success = false;
    try {
      // stopRecording() or a restart may have landed between the call and this flush. A ready
      // status always has a run and a session id.
      if (ready()) {
        const id = state.sessionId!;
        const current = run!;
        const changed = changedHalves(saved(), _halves);
        if (!changed) {
          log.debug(`${_call}: nothing changed, no request sent`);
          success = true;
        } else {
          const answer = await postUpdate(current, changed, id, _call);
          if (answer?.success === true) {
            confirm(changed, id);
            // A missing `sampled` means "not sampled" (§7.3).
            if (answer.sampled !== true) markNotSampled(id, answer.sessionId);
            success = true;
          } else if (answer?.shouldRestartSession === true) restart(id, 'update');
        }
      }
    } catch (error) {
      log.debug(`${_call}: internal error`, error);
    }
    for (const resolve of _waiters) resolve({ success });
  }

  /** Saves a confirmed send unless a restart happened meanwhile (§7.5 step 4). */
  function confirm(sent: Identity, idAtSend: string): void {
    if (idAtSend !== state.sessionId) return;
    const { user } = state;
    // First link wins (§7.6): another userId updates that user's profile, not the session's user.
    if (sent.user && user && sent.user.userId !== user.userId) sent = { session: sent.session };
    const next = mergeIdentity(saved(), sent);
    persist(idAtSend, next);
    set(state.status, next);
  }

  // ---- Lifecycle -----------------------------------------------------------------------------

  /**
   * `/session` round trip, identity replay and readiness (§6.3, §15, §16 steps 4–6). `attempt` is
   * -1 for `init`, else the restart attempt. Resolves whether the session became ready.
   */
  async function open(gen: number, resumeId: string | null, attempt: number): Promise<boolean> {
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
        persist(id);
        set(state.status, { sessionId: id, sampled });
        const user = state.user || undefined;
        const session =
          state.session && Object.keys(state.session).length ? state.session : undefined;
        if (id !== resumeId && (user || session)) {
          // A new id means the server does not know our user yet: attach it before anything else,
          // without dedup, restart or save (§16 step 5).
          const answer = await postUpdate(current, { user, session }, id, 'replay');
          if (gen !== generation) return false;
          if (answer?.success === true && answer.sampled !== true) sampled = false;
        }
        set(sampled ? 'recording' : 'not-sampled', { sampled });
        if (sampled) void startRecorder(current, id);
        takeQueue(true);
        if (!polling && current._kinds.length) void startPolling(current._kinds);
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
    const delay = RESTART_BACKOFF_MS[attempt];
    if (delay) {
      restartTimer = setTimeout(() => void open(gen, null, attempt + 1), delay);
      unrefTimer(restartTimer);
    } else {
      log.info(
        `${attempt < 0 ? 'init' : `restart (${attempt + 1} attempts)`}: the session could not start: ${String(why)}`,
      );
      stopPolling();
      run = null;
      set('idle', NO_SESSION);
    }
    return false;
  }

  /** A server-driven restart (§16). Triggers from an older session are ignored. */
  function restart(id: string, cause: string): void {
    const current = run;
    if (!current || id !== state.sessionId || !ready())
      return log.debug(`ignored a restart (${cause}) of old session ${id}`);
    log.info(`the server ended session ${id} (${cause}); starting a new session`);
    persist(null);
    set('initializing', NO_SESSION);
    stopRecorder('restart');
    void open(++generation, null, 0);
  }

  /** Whether `id` is the session and it records: the condition of every recorder signal. */
  const recording = (id: string): boolean => id === state.sessionId && state.status === 'recording';

  function markNotSampled(id: string, idInBody: unknown): void {
    if (!recording(id)) return;
    stopRecorder('not-sampled');
    const sessionId = typeof idInBody == 'string' && idInBody ? idInBody : id;
    persist(sessionId);
    set('not-sampled', { sessionId, sampled: false });
  }

  function halt(id: string, why: string, ...error: unknown[]): void {
    if (!recording(id)) return;
    forgetRecorder();
    log.info(`recording stopped (${why}); identity calls still work`, ...error);
    set('halted');
  }

  // ---- Recorder: loaded lazily, started for a recording session -----------------------------

  let recorder: Recorder | null = null;
  /** The start that is pending or running; a newer start or a stop replaces it. */
  let loading: object | null = null;
  /** Events held while the recorder module loads. */
  let held: Array<[string, TrackEventAttributes]> = [];

  function forgetRecorder(): void {
    recorder = loading = null;
    held = [];
  }

  // A throwing recorder must not break the app; its errors are only worth a debug line.
  function safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      log.debug('the recorder threw', error);
    }
  }

  function stopRecorder(reason: StopReason): void {
    const stopping = recorder;
    forgetRecorder();
    safely(() => stopping?.stop(reason));
  }

  /**
   * Loads the module and starts a recorder bound to `id`, then hands it the held events. Called
   * from recorder code, the host's signals cannot throw: storage, listeners, the console and the
   * recorder are each guarded where they are touched.
   */
  async function startRecorder(current: Run, id: string): Promise<void> {
    const mine = (loading = {});
    const host: RecorderHost = {
      options: current._options,
      sessionId: id,
      // The body goes over on every status: the recorder honours a restart asked for in a non-2xx
      // answer (the §8.3 deviation option) and treats any other non-2xx as a failure.
      send: async (path, body, options) => {
        const outcome = await current._post(path, body, { ...options, sessionId: id });
        return { reached: outcome.reached, status: outcome.status, json: parseJson(outcome.text) };
      },
      requestRestart: () => restart(id, 'batch'),
      markNotSampled: (idInBody) => markNotSampled(id, idInBody),
      halt: (reason) => halt(id, reason),
      sanitizeUrl: current._sanitizeUrl,
      log,
    };
    try {
      const mod = await current._loader();
      if (loading !== mine) return; // stopped or restarted while loading
      recorder = mod.startRecorder(host);
    } catch (error) {
      // The chunk failed to load, the module has no startRecorder, or starting threw.
      if (loading === mine) {
        forgetRecorder();
        halt(id, 'the recorder could not be loaded', error);
      }
      return;
    }
    const events = held;
    held = [];
    for (const [name, attributes] of events) safely(() => recorder?.trackEvent(name, attributes));
  }

  return {
    _state: (): MilanaState => state,

    /** Calls `listener` on every change, and at once when `now`. Returns the unsubscribe. */
    _watch(listener: StateListener, now: boolean): () => void {
      const entry = { _fn: listener };
      listeners.add(entry);
      if (now) notify(entry);
      return () => void listeners.delete(entry);
    },

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
      // Waiting calls get the usual time to live from the start on: those that waited for consent
      // (never expired meanwhile), and those made before init (a start is what they waited for).
      for (const call of queue) call._deadline = Date.now() + QUEUED_CALL_TTL_MS;
      set('initializing', { ...NO_SESSION, ...stored });
      armQueueTimer();
      return open(++generation, resumeId, -1);
    },

    /** `init` without consent yet: the status says so; nothing is sent, stored or loaded. */
    _await: (): void => set('awaiting-consent'),

    /**
     * `stopRecording()` (§14), or a withdrawn consent when `!flush`: the recorder then drops its
     * buffer instead of sending it. Returns false when there was no session.
     */
    _stop(flush = true): boolean {
      const had = hasSession();
      generation++;
      clearTimeout(restartTimer);
      run = null;
      // §14 order: abort batch + final metrics (the recorder does both), storage, polling, queue.
      stopRecorder(flush ? 'abort' : 'denied');
      if (had) clearSessionState();
      stopPolling();
      takeQueue(false);
      // The initial snapshot's fields are exactly what a stopped client knows: nothing.
      if (had) set('stopped', INITIAL_STATE);
      return had;
    },

    /** An identity call: queued until ready, then coalesced and deduped. */
    _update: (call: string, halves: Identity): Promise<Result> =>
      new Promise((resolve) =>
        schedule(call, (go) => (go ? submit(halves, call, resolve) : resolve({ success: false }))),
      ),

    /**
     * A validated `trackEvent`: queued until ready; recorded only in `recording` (§17.4), where
     * the recorder runs or loads (events wait for it, bounded). Other statuses have none.
     */
    _track(name: string, attributes: TrackEventAttributes): void {
      schedule('trackEvent', (go) => {
        if (!go) return;
        if (recorder) safely(() => recorder?.trackEvent(name, attributes));
        // Held events share the call queue's bound; far more than any page emits while loading.
        else if (loading && held.push([name, attributes]) > MAX_QUEUED_CALLS) {
          held.shift();
          log.warn('trackEvent: dropped, over 1000 events wait for the recorder to load');
        }
      });
    },
  };
}
