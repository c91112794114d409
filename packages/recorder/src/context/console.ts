import { getRecordConsolePlugin, type LogData } from '@rrweb/rrweb-plugin-console-record';
import type { ConsoleLevel } from '../host.js';
import { CONSOLE_PLUGIN, cap, debug, rateLimit, type ContextDeps } from './kit.js';

/** Per-argument cap (characters of its JSON form) and stack frames kept per entry. */
export const CONSOLE_ARG_MAX = 2_000;
const TRACE_FRAMES = 10;
/** Burst limit: at most this many console entries a second; the rest are counted, not kept. */
export const CONSOLE_BURST = 50;

/** A DOM node as a short tag such as `<input#email.field>`: never its text, value or attributes. */
export function describeNode(node: Node): string {
  const el = node as Partial<Element>;
  if (!el.tagName) return node.nodeName;
  const classes = el.classList ? [...el.classList].map((c) => '.' + c).join('') : '';
  return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${classes}>`;
}

/**
 * A logged value as the plugin may see it: DOM nodes and events become descriptors at every depth
 * the plugin serialises (4 levels), plain data is copied around them; `ancestors` stops at cycles
 * (the plugin reports those itself). Other values pass as they are.
 */
function privateArg(value: unknown, ancestors: unknown[]): unknown {
  if (typeof Node != 'undefined' && value instanceof Node) return describeNode(value);
  if (typeof Event != 'undefined' && value instanceof Event) {
    const on = value.target instanceof Node ? ` on ${describeNode(value.target)}` : '';
    return `[${value.type} event${on}]`;
  }
  if (
    !value ||
    typeof value != 'object' ||
    value instanceof Error ||
    ancestors.includes(value) ||
    ancestors.length > 4 ||
    typeof (value as { toJSON?: unknown }).toJSON == 'function'
  )
    return value;
  const inner = [...ancestors, value];
  if (Array.isArray(value)) return value.map((item) => privateArg(item, inner));
  const entries = Object.entries(value);
  // Over the plugin's key limit it prints `[object Object]` anyway: nothing of the page leaves.
  if (entries.length > 50) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of entries) copy[key] = privateArg(item, inner);
  return copy;
}

/**
 * Record console calls with rrweb's own console plugin, so the events are standard
 * `rrweb/console@1` plugin events that rrweb replayers understand. The plugin's serialiser
 * handles cycles, functions, deep and wide objects; DOM nodes and events are replaced before it
 * sees them (it would record an element's HTML: text and input values the masking hides), each
 * argument is capped and bursts are rate-limited.
 *
 * This file is the package's `./context-console` subpath: the capture's entry imports it by that
 * name only when console capture is on, so it and rrweb's plugin are a chunk of their own.
 *
 * The plugin's own handlers for uncaught errors are not used (they are the `errors` part's job,
 * and they throw on cross-origin "Script error."): it gets a window stand-in without listeners.
 * The SDK's own `Milana:` lines are left out, and so is the first stack frame (our forwarder).
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
          .slice(1, TRACE_FRAMES + 1)
          .map((frame) => cap(String(frame), 300)),
        payload: args.map((arg) => cap(String(arg), CONSOLE_ARG_MAX)),
      });
    } catch (error) {
      debug(deps, 'console', error);
    }
  };
  // The plugin patches the object it is given and, on stop, puts back what it found, which would
  // remove a wrapper that the app or another library installed after us. So it patches a
  // stand-in, and the page's console gets thin forwarders of ours that are only taken out again
  // while they are still in place (otherwise they stay, passing straight through once stopped).
  const target = deps.win.console as unknown as Record<string, unknown>;
  const standIn: Record<string, (...args: unknown[]) => unknown> = {};
  const forwarders: [string, unknown, unknown][] = [];
  for (const level of levels) {
    const original = target[level];
    if (typeof original !== 'function') continue;
    // The plugin wraps this no-op: it records what it is given, and the page's own console gets
    // the arguments untouched from the forwarder below.
    standIn[level] = () => undefined;
    const forwarder = function (this: unknown, ...args: unknown[]) {
      try {
        if (!stopped) standIn[level]!(...args.map((arg) => privateArg(arg, [])));
      } catch (error) {
        debug(deps, 'console', error);
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    target[level] = forwarder;
    forwarders.push([level, original, forwarder]);
  }
  const plugin = getRecordConsolePlugin({
    level: levels,
    // Our burst limit replaces the plugin's lifetime threshold (it would stop recording for good).
    lengthThreshold: Number.POSITIVE_INFINITY,
    logger: standIn,
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
    for (const [level, original, forwarder] of forwarders)
      if (target[level] === forwarder) target[level] = original;
  };
}
