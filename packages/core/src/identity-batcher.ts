import type { Result } from './types';
import type { Logger } from './log';
import type { Identity } from './merge';
import type { Transport } from './transport';
import { changedHalves, mergeIdentity } from './merge';
import { parseJson } from './transport';

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

/** POSTs `/update`. Resolves its JSON body (which decides on every status, §7.3) or null. */
export async function postUpdate(
  log: Logger,
  target: Target,
  halves: Identity,
  call: string,
): Promise<Answer | null> {
  // Every identity is built `user` first (§7.2); absent halves vanish.
  const outcome = await target._post('/update', JSON.stringify(halves), { sessionId: target._id });
  const json = parseJson(outcome.text);
  const answer = json && typeof json == 'object' ? (json as Answer) : null;
  const what = `${call}: update not accepted (HTTP ${outcome.status}, `;
  if (!answer) log.debug(what + (outcome.reached ? 'body not JSON)' : 'network error)'));
  // errorCode is a string in the protocol; a server breaking that only garbles this line.
  else if (answer.success !== true)
    log.info(`${what}error code ${(answer.errorCode as string | undefined) ?? 'none'})`);
  return answer;
}

/** What a session drives; see {@link createIdentityBatcher}. */
export type IdentityBatcher = ReturnType<typeof createIdentityBatcher>;

/**
 * Identity calls from the queue to `/update`: the calls of one tick are coalesced (compatible
 * calls, no user or the same `userId`, merge into one body with the §7.5 rules; another `userId`
 * starts the next body), each body is deduped against the confirmed identity, bodies go out in
 * call order and every caller gets its body's outcome.
 */
export function createIdentityBatcher(log: Logger, session: BatcherSession) {
  let groups: Group[] = [];

  async function send({ _halves, _call, _waiters }: Group): Promise<void> {
    let success = false;
    try {
      // stopRecording() or a restart may have landed between the call and this flush.
      const target = session._target();
      const changed = target && changedHalves(session._saved(), _halves);
      if (!target) {
        // no session: the call fails
      } else if (!changed) {
        log.debug(`${_call}: nothing changed, no request sent`);
        success = true;
      } else {
        const answer = await postUpdate(log, target, changed, _call);
        if (answer?.success === true) {
          session._confirm(target, changed, answer);
          success = true;
        } else if (answer?.shouldRestartSession === true) session._restart(target);
      }
    } catch (error) {
      log.debug(`${_call}: internal error`, error);
    }
    for (const resolve of _waiters) resolve({ success });
  }

  return {
    /** Queues validated halves for the flush at the end of this tick. */
    _submit(halves: Identity, call: string, resolve: (result: Result) => void): void {
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
    },
  };
}
