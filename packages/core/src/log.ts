import { safeStorage } from './env';

/** The SDK's console. Every line starts with `Milana: ` (§20) and a failing console never throws. */
export interface Logger {
  /** Internal detail and swallowed errors (`console.debug`). */
  debug(msg: string, ...d: unknown[]): void;
  /** Failures where the app continues (`console.info`). */
  info(msg: string, ...d: unknown[]): void;
  /** Misconfiguration and dropped input (`console.warn`). */
  warn(msg: string, ...d: unknown[]): void;
  /** `Milana [debug]: <api>` plus its arguments, only in debug mode. */
  trace(api: string, args: unknown): void;
  readonly debugEnabled: boolean;
}

type Sink = Pick<Console, 'debug' | 'info' | 'warn'>;

const PREFIX = 'Milana: ';
const DEBUG_PREFIX = 'Milana [debug]: ';
const DEBUG_FLAG_KEY = 'milana_debug_mode';

function emit(sink: Sink | undefined, level: keyof Sink, line: string, details: unknown[]): void {
  try {
    // Read `console` at call time so that test spies and late-installed consoles are honoured.
    const target = sink ?? (typeof console === 'undefined' ? undefined : console);
    const fn = target?.[level];
    if (typeof fn === 'function') fn.call(target, line, ...details);
  } catch {
    // A broken or throwing console must not break the host page.
  }
}

/**
 * Create a logger. `debug`, `info` and `warn` always print, at their console level; `trace`
 * prints only when `debugEnabled` is true.
 *
 * @example
 * ```ts
 * const log = createLogger(readDebugFlag());
 * log.warn('identify: userId must be a non-empty string; the call was ignored');
 * // console.warn('Milana: identify: userId must be a non-empty string; the call was ignored')
 * ```
 */
export function createLogger(debugEnabled: boolean, sink?: Sink): Logger {
  const withPrefix = (msg: string): string => (msg.startsWith(PREFIX) ? msg : PREFIX + msg);
  return {
    debugEnabled,
    debug: (msg, ...d) => emit(sink, 'debug', withPrefix(msg), d),
    info: (msg, ...d) => emit(sink, 'info', withPrefix(msg), d),
    warn: (msg, ...d) => emit(sink, 'warn', withPrefix(msg), d),
    trace: (api, args) => {
      if (debugEnabled) emit(sink, 'debug', DEBUG_PREFIX + api, [args]);
    },
  };
}

/**
 * Whether debug mode is on: `localStorage["milana_debug_mode"] === "true"` (§20).
 *
 * @example
 * ```ts
 * localStorage.setItem('milana_debug_mode', 'true'); readDebugFlag(); // true
 * ```
 */
export function readDebugFlag(): boolean {
  try {
    return safeStorage('local')?.getItem(DEBUG_FLAG_KEY) === 'true';
  } catch {
    return false;
  }
}
