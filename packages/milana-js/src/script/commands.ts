import {
  initWithCallerType,
  type InitOptions,
  type MilanaClient,
  type SessionInfo,
} from '@milana-js/core';

/** Where the script-tag channel writes its warnings (always one line starting `Milana: `). */
export type Warn = (message: string, detail?: unknown) => void;

/**
 * The commands of the script-tag channel (ingest-protocol §21) and how many arguments each needs.
 * A command with fewer arguments is ignored without a word, as the protocol asks.
 */
const MIN_ARGS = {
  init: 3,
  identify: 1,
  update: 1,
  updateUser: 1,
  updateSession: 1,
  trackEvent: 1,
  stopRecording: 0,
  setConsent: 1,
  initCrossOriginIframe: 0,
} as const;

type CommandName = keyof typeof MIN_ARGS;

const COMMAND_LIST = Object.keys(MIN_ARGS).join(', ');

function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(MIN_ARGS, value);
}

/** A printable name for whatever sat in the command slot, without calling user code. */
function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : `a ${typeof value}`;
}

/**
 * Runs one known command. `init` goes through the cdn caller type and `trackEvent`'s attributes
 * default to `{}` (§21); every other command is the client method of that name, given as many
 * arguments as it takes (the core validates them at run time).
 */
function run(client: MilanaClient, name: CommandName, args: unknown[]): Promise<unknown> | void {
  if (name == 'init')
    return initWithCallerType(
      client,
      'cdn',
      args[0] as string,
      args[1] as string,
      args[2] as SessionInfo,
      args[3] as InitOptions | undefined,
    );
  if (name == 'trackEvent') args[1] ??= {};
  const methods = client as unknown as Record<string, (...given: unknown[]) => Promise<unknown>>;
  return methods[name]!.apply(client, args.slice(0, name == 'trackEvent' ? 2 : MIN_ARGS[name]));
}

export function createDispatcher(client: MilanaClient, warn: Warn): (command: unknown) => void {
  return function dispatch(command: unknown): void {
    let label = 'a command';
    try {
      if (
        command === null ||
        typeof command !== 'object' ||
        typeof (command as ArrayLike<unknown>).length !== 'number'
      ) {
        warn(
          `Milana: script tag: ignored ${describe(command)}; each command must be an array like ["identify", {...}].`,
        );
        return;
      }
      const [name, ...args] = Array.from(command as ArrayLike<unknown>);
      if (!isCommandName(name)) {
        warn(
          `Milana: script tag: unknown command ${describe(name)} was ignored; known commands are ${COMMAND_LIST}.`,
        );
        return;
      }
      label = `"${name}"`;
      if (args.length < MIN_ARGS[name]) return;
      const pending = run(client, name, args);
      if (pending && typeof pending.then === 'function') {
        // The core never rejects; this is a last line of defence against an unhandled rejection.
        pending.then(undefined, (error: unknown) =>
          warn(`Milana: script tag: command ${label} failed and was ignored.`, error),
        );
      }
    } catch (error) {
      warn(`Milana: script tag: command ${label} failed and was ignored.`, error);
    }
  };
}
