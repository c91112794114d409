/** Marks a command queue this bundle installed, so a second copy of milana.js can recognise it. */
const INSTALLED = Symbol.for('milana-js.script-queue');

/** The page globals the script-tag stub and the bundle share (api.md, "Script tag"). */
export interface ScriptGlobals {
  Milana?: unknown;
  _milanaQueue?: unknown;
}

/** What `window._milanaQueue` becomes once the bundle runs: `push` dispatches at once. */
export interface LiveQueue {
  push(...commands: unknown[]): void;
}

function isLiveQueue(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[INSTALLED] === true
  );
}

/**
 * Takes over the script-tag command channel (ingest-protocol §21): replays every command the
 * stub queued, in order, then replaces `Milana` with a plain function and `_milanaQueue` with an
 * object whose `push` dispatches at once.
 *
 * Returns false (and changes nothing) when a copy of the bundle already took the channel, so
 * loading milana.js twice does not start two clients.
 *
 * @example
 * ```ts
 * installCommandChannel(window as ScriptGlobals, createDispatcher(client, warn));
 * ```
 */
export function installCommandChannel(
  globals: ScriptGlobals,
  dispatch: (command: unknown) => void,
): boolean {
  const queued = globals._milanaQueue;
  if (isLiveQueue(queued)) return false;

  const live: LiveQueue = {
    push(...commands: unknown[]): void {
      for (const command of commands) dispatch(command);
    },
  };
  Object.defineProperty(live, INSTALLED, { value: true });

  // Copy first: the stub's array must not change under us while it is replayed.
  let backlog: unknown[] = [];
  try {
    if (queued && typeof (queued as ArrayLike<unknown>).length === 'number')
      backlog = Array.from(queued as ArrayLike<unknown>);
  } catch {
    backlog = [];
  }
  for (const command of backlog) dispatch(command);

  globals.Milana = function Milana(...args: unknown[]): void {
    dispatch(args);
  };
  globals._milanaQueue = live;
  return true;
}
