import type { Result } from './types';
import type { Logger } from './log';
import type { Identity } from './merge';
import type { Transport } from './transport';
import { changedHalves, mergeIdentity } from './merge';
import { parseJson } from './transport';
import { QUEUED_CALL_TTL_MS } from './call-queue';
import { retryDelay } from './retry';
import { unrefTimer } from './timers';

/** An `/update` or `/session` answer body (any JSON object). */
export type Answer = Record<string, unknown>;

/**
 * One ready session as async work sees it: where to post, its id, and the generation it belongs
 * to (the session's one staleness check: an answer for an older generation changes nothing).
 */
export interface Target {
  readonly _post: Transport;
  readonly _id: string;
  readonly _gen: number;
}

/** What the batcher asks of its session. */
export interface BatcherSession {
  /** The ready session a body goes to now, or null (stopped or restarted since the call). */
  _target(): Target | null;
  /** The last server-confirmed identity, to dedup against (§7.5). */
  _saved(): Identity;
  /** `/update` accepted `sent` (§7.5 step 4); `answer` may also say "not sampled" (§7.3). */
  _confirm(target: Target, sent: Identity, answer: Answer): void;
  /** `/update` asked for a restart (§16). */
  _restart(target: Target): void;
}

/** Identity calls of one tick that share one `/update` body. */
interface Group {
  _halves: Identity;
  /** The first call's name, for log lines. */
  readonly _call: string;
  readonly _waiters: Array<(result: Result) => void>;
}

/**
 * POSTs `/update`. Resolves its JSON body (which decides on every status, §7.3) or null, and
 * whether the failure is worth sending again (a network error, 5xx or 429, §23).
 */
export async function postUpdate(
  log: Logger,
  target: Target,
  halves: Identity,
  call: string,
): Promise<[Answer | null, boolean]> {
  // Every identity is built `user` first (§7.2); absent halves vanish.
  const outcome = await target._post('/update', JSON.stringify(halves), { sessionId: target._id });
  const json = parseJson(outcome.text);
  const answer = json && typeof json == 'object' ? (json as Answer) : null;
  const what = `${call}: update not accepted (HTTP ${outcome.status}, `;
  if (!answer) log.debug(what + (outcome.reached ? 'body not JSON)' : 'network error)'));
  // errorCode is a string in the protocol; a server breaking that only garbles this line.
  else if (answer.success !== true)
    log.info(`${what}error code ${(answer.errorCode as string | undefined) ?? 'none'})`);
  const { reached, status } = outcome;
  return [answer, !reached || status > 499 || status == 429];
}

/** Whether two bodies may share one `/update`: at most one of them names a user, or the same. */
const fits = (a: Identity, b: Identity): boolean =>
  !a.user || !b.user || a.user.userId === b.user.userId;

/** What a session drives; see {@link createIdentityBatcher}. */
export type IdentityBatcher = ReturnType<typeof createIdentityBatcher>;

/**
 * Identity calls from the queue to `/update`: the calls of one tick are coalesced (compatible
 * calls, no user or the same `userId`, merge into one body with the §7.5 rules; another `userId`
 * starts the next body), each body is deduped against the confirmed identity, bodies go out in
 * call order and every caller gets its body's outcome.
 *
 * A body that failed for a reason worth another try (network, 5xx, 429) resolves its callers
 * `{ success: false }` at once and is kept: sent again in the background (1, 5, 15, 30, 60 s,
 * jittered, until 5 minutes after the last such failure), or sooner under the next compatible
 * call's body, beneath its newer values. Only an accepted body changes the confirmed identity.
 */
export function createIdentityBatcher(log: Logger, session: BatcherSession) {
  let groups: Group[] = [];
  /** The changes whose `/update` failed and are still to be sent (§23). */
  let later: Identity | null = null;
  let deadline = 0;
  let tries = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Keeps `halves` for a retry; a caller's change (`fresh`) gets its own 5 minutes. */
  function keep(halves: Identity, fresh: boolean): void {
    if (fresh) deadline = Date.now() + QUEUED_CALL_TTL_MS;
    later = later && fits(later, halves) ? mergeIdentity(later, halves) : halves;
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      const body = later;
      later = null;
      // Changes not sent within 5 minutes are dropped, like a call that waited that long.
      if (body && Date.now() < deadline) void send({ _halves: body, _call: 'retry', _waiters: [] });
    }, retryDelay(tries++));
    unrefTimer(timer);
  }

  async function send({ _halves, _call, _waiters }: Group): Promise<void> {
    let success = false;
    // Changes still unsent go under this body: its newer values win, and nothing older follows.
    if (later && fits(later, _halves)) {
      _halves = mergeIdentity(later, _halves);
      later = null;
    }
    try {
      // stopRecording() or a restart may have landed between the call and this flush.
      const target = session._target();
      const changed = target && changedHalves(session._saved(), _halves);
      if (!target) {
        // A call fails without a session; a background retry waits for the next one.
        if (!_waiters.length) keep(_halves, false);
      } else if (!changed) {
        log.debug(`${_call}: nothing changed, no request sent`);
        success = true;
      } else {
        const [answer, again] = await postUpdate(log, target, changed, _call);
        if (answer?.success === true) {
          session._confirm(target, changed, answer);
          success = true;
        } else if (answer?.shouldRestartSession === true) session._restart(target);
        else if (again) keep(changed, _waiters.length > 0);
      }
    } catch (error) {
      log.debug(`${_call}: internal error`, error);
    }
    if (success && !later) tries = 0;
    for (const resolve of _waiters) resolve({ success });
  }

  return {
    /** Queues validated halves for the flush at the end of this tick. */
    _submit(halves: Identity, call: string, resolve: (result: Result) => void): void {
      const last = groups[groups.length - 1];
      if (last && fits(last._halves, halves)) {
        last._halves = mergeIdentity(last._halves, halves);
        last._waiters.push(resolve);
      } else if (groups.push({ _halves: halves, _call: call, _waiters: [resolve] }) === 1) {
        void Promise.resolve().then(() => {
          const flushed = groups;
          groups = [];
          for (const group of flushed) void send(group);
        });
      }
    },

    /** `stopRecording()`: unsent changes are dropped with the session. */
    _stop: (): void => {
      clearTimeout(timer);
      timer = undefined;
      later = null;
      tries = 0;
    },
  };
}
