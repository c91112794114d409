import { getRecordConsolePlugin, type LogData } from '@rrweb/rrweb-plugin-console-record';
import type { ConsoleLevel } from '../host.js';
import { CONSOLE_PLUGIN, cap, debug, rateLimit, type ContextDeps } from './kit.js';

/** Per-argument cap (characters of its JSON form) and stack frames kept per entry. */
export const CONSOLE_ARG_MAX = 2_000;
const TRACE_FRAMES = 10;
/** Burst limit: at most this many console entries a second; the rest are counted, not kept. */
export const CONSOLE_BURST = 50;

/**
 * Record console calls with rrweb's own console plugin, so the events are standard
 * `rrweb/console@1` plugin events that rrweb replayers understand. The plugin's serialiser
 * handles cycles, DOM nodes (their HTML, or the node name), functions, deep and wide objects;
 * on top of it each argument is capped and bursts are rate-limited.
 *
 * The plugin's own handlers for uncaught errors are not used (they are the `errors` part's job,
 * and they throw on cross-origin "Script error."): it gets a window stand-in without listeners.
 * The SDK's own `Milana:` lines are left out.
 *
 * @example
 * ```ts
 * const stop = startConsoleCapture(deps, ['warn', 'error']);
 * console.error('payment failed', { code: 42 });
 * // -> { plugin: 'rrweb/console@1', payload: { level: 'error', trace: [...], payload: ['"payment failed"', '{"code":42}'] } }
 * stop(); // console methods restored
 * ```
 */
export function startConsoleCapture(deps: ContextDeps, levels: ConsoleLevel[]): () => void {
  const now = deps.now ?? (() => performance.now());
  const allow = rateLimit(CONSOLE_BURST, 1000, now, (count) =>
    deps.emit(CONSOLE_PLUGIN, {
      level: 'warn',
      trace: [],
      payload: [JSON.stringify(`Milana: ${count} console entries were dropped (burst limit)`)],
    }),
  );
  let stopped = false;
  const onLog = (data: LogData): void => {
    if (stopped) return;
    try {
      const args = Array.isArray(data.payload) ? data.payload : [];
      if (typeof args[0] === 'string' && args[0].startsWith('"Milana')) return;
      if (!allow()) return;
      deps.emit(CONSOLE_PLUGIN, {
        level: data.level,
        trace: (Array.isArray(data.trace) ? data.trace : [])
          .slice(0, TRACE_FRAMES)
          .map((frame) => cap(String(frame), 300)),
        payload: args.map((arg) => cap(String(arg), CONSOLE_ARG_MAX)),
      });
    } catch (error) {
      debug(deps, 'console', error);
    }
  };
  const plugin = getRecordConsolePlugin({
    level: levels,
    // Our burst limit replaces the plugin's lifetime threshold (it would stop recording for good).
    lengthThreshold: Number.POSITIVE_INFINITY,
    logger: deps.win.console,
    stringifyOptions: { stringLengthLimit: CONSOLE_ARG_MAX, numOfKeysLimit: 50, depthOfLimit: 4 },
  });
  const noListeners = { addEventListener() {}, removeEventListener() {} };
  const stopPlugin = plugin.observer?.(
    onLog as (data: unknown) => void,
    noListeners as never,
    plugin.options,
  );
  return () => {
    stopped = true;
    stopPlugin?.();
  };
}
