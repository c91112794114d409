import { guard, safeStorage } from './env';

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
}

type Sink = Pick<Console, 'debug' | 'info' | 'warn'>;
type Level = keyof Sink;

const PREFIX = 'Milana: ';

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
  // `console` is read at call time so that test spies and late-installed consoles are honoured;
  // a missing, broken or throwing console must not break the host page.
  const emit = (level: Level, line: string, details: unknown[]): void =>
    guard(() => (sink ?? console)[level](line, ...details));
  const at =
    (level: Level) =>
    (msg: string, ...d: unknown[]): void =>
      emit(level, PREFIX + msg, d);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    trace: (api, args) => {
      if (debugEnabled) emit('debug', 'Milana [debug]: ' + api, [args]);
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
  return guard(() => safeStorage('local')?.getItem('milana_debug_mode')) === 'true';
}

/**
 * Runs `fn`; what it throws becomes one debug line `what` with the error. For calls into code
 * that is not ours (app listeners, the recorder), which must never break the SDK or the app.
 */
export function contain(log: Logger, what: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    log.debug(what, error);
  }
}
