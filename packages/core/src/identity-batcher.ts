import type { Result } from './types';
import type { Logger } from './log';
import type { Identity } from './merge';
import type { Transport } from './transport';
import { changedHalves, mergeIdentity } from './merge';
import { parseJson } from './transport';
import { retryLater } from './retry';

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
 * `{ success: false }` at once and goes back among the waiting bodies (§23), where the next
 * compatible call merges into it (its newer values win). The waiting bodies are sent with the
 * next call or by the retry timer (1, 5, 15, 30, 60 s, jittered, or at once on `online`), for
 * eight retries after a caller's change failed: 1 + 5 + 15 + 30 + 4 × 60 = 291 s, the 5-minute
 * expiry of a waiting call. Only an accepted body changes the confirmed identity.
 */
export function createIdentityBatcher(log: Logger, session: BatcherSession) {
  let groups: Group[] = [];
  /** Retries since a caller's change last failed; 8 is the expiry (and `stopRecording()`'s). */
  let tries = 0;
  /** Cancels the pending retry flush. */
  let retry: (() => void) | undefined;

  /** Adds `halves` to the last waiting body when they fit (newer values win), or a new body. */
  function add(halves: Identity, call: string, waiters: Group['_waiters']): void {
    const last = groups[groups.length - 1];
    if (last && fits(last._halves, halves)) {
      last._halves = mergeIdentity(last._halves, halves);
      last._waiters.push(...waiters);
    } else groups.push({ _halves: halves, _call: call, _waiters: waiters });
  }

  /** Sends every waiting body, in call order. */
  function flush(): void {
    const flushed = groups;
    groups = [];
    for (const group of flushed) void send(group);
  }

  /** Keeps changes that failed (or found no session) for the retry flush, until the expiry. */
  function keep(halves: Identity, call: string): void {
    if (tries > 7) return;
    add(halves, call, []);
    retry ||= retryLater(tries++, () => {
      retry = undefined;
      flush();
    });
  }

  async function send({ _halves, _call, _waiters }: Group): Promise<void> {
    let success = false;
    try {
      // stopRecording() or a restart may have landed between the call and this flush.
      const target = session._target();
      const changed = target && changedHalves(session._saved(), _halves);
      if (!target) {
        // A call fails without a session; a background retry waits for the next one.
        if (!_waiters.length) keep(_halves, _call);
      } else if (!changed) {
        log.debug(`${_call}: nothing changed, no request sent`);
        success = true;
      } else {
        const [answer, again] = await postUpdate(log, target, changed, _call);
        if (answer?.success === true) {
          session._confirm(target, changed, answer);
          success = true;
        } else if (answer?.shouldRestartSession === true) session._restart(target);
        else if (again) {
          // A caller's change gets the whole schedule again.
          if (_waiters.length) tries = 0;
          keep(changed, _call);
        }
      }
    } catch (error) {
      log.debug(`${_call}: internal error`, error);
    }
    for (const resolve of _waiters) resolve({ success });
  }

  return {
    /** Queues validated halves for the flush at the end of this tick. */
    _submit(halves: Identity, call: string, resolve: (result: Result) => void): void {
      add(halves, call, [resolve]);
      void Promise.resolve().then(flush);
    },

    /**
     * `stopRecording()`: unsent changes are dropped with the session (sent now, they find no
     * session and are not kept); the calls of this tick fail as they would at their flush.
     */
    _stop: (): void => {
      retry?.();
      retry = undefined;
      tries = 8;
      flush();
    },
  };
}
