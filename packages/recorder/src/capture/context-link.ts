import type { RecorderLog, RecorderOptions } from '../host.js';
import type { EmittedEvent } from './meta-href.js';
import { isOwnSend } from './own-sends.js';
import { RRWEB_PLUGIN_EVENT } from '../protocol.js';

/** Events kept while rrweb has not taken its first snapshot (a page's first requests). */
const EARLY_MAX = 200;

/** The context capture as the capture layer drives it. */
export interface ContextLink {
  /** rrweb runs: emit what waited, then emit at once. */
  flush(): void;
  stop(): void;
}

/**
 * True when `options.capture` may ask for something: absent, or an object with every part off,
 * loads nothing. Only this cheap look is in the recorder chunk; the capture chunk checks the
 * values (and logs the `Milana:` line for a bad one), so sessions without capture never carry
 * those rules.
 */
function wantsCapture(options: RecorderOptions): boolean {
  try {
    const raw = options.capture as Record<string, unknown> | undefined;
    return (
      raw !== undefined &&
      (typeof raw != 'object' || !raw || !!(raw.console || raw.network || raw.errors))
    );
  } catch {
    return false; // a throwing getter: no capture, as a bad value would give
  }
}

/**
 * Load and start the context capture (console, network, errors) when `options.capture` asks for
 * any of it; otherwise nothing is loaded at all. The capture code (`../context/`) is the
 * package's `./context` subpath, imported by that name so bundlers make it a chunk of its own.
 * It starts as soon as it is there, before rrweb's first snapshot, so the page's first requests
 * are not missed: their events wait (bounded) and go out, stamped with that moment, once rrweb
 * runs.
 *
 * @example
 * ```ts
 * const link = startContextLink(options, emit, sanitizeUrl, log);
 * // once rrweb took its first full snapshot:
 * link?.flush();
 * link?.stop();
 * ```
 */
export function startContextLink(
  options: RecorderOptions,
  emit: (event: EmittedEvent) => void,
  sanitizeUrl: (url: string) => string,
  log: RecorderLog,
): ContextLink | undefined {
  if (!wantsCapture(options)) return undefined;
  let stopped = false;
  let flowing = false;
  let early: EmittedEvent[] = [];
  let stopContext: (() => void) | undefined;

  const send = (event: EmittedEvent): void => {
    try {
      emit(event);
    } catch (error) {
      log.debug('the recording pipeline refused a context event', error);
    }
  };
  const emitPlugin = (plugin: string, payload: Record<string, unknown>): void => {
    if (stopped) return;
    const event = { type: RRWEB_PLUGIN_EVENT, data: { plugin, payload }, timestamp: Date.now() };
    if (flowing) send(event);
    else if (early.length < EARLY_MAX) early.push(event);
  };

  import('@milana-js/recorder/context').then(
    ({ startContextCapture }) => {
      if (stopped) return;
      stopContext = startContextCapture(
        { emit: emitPlugin, sanitizeUrl, isOwnSend, log, win: window },
        options,
      );
    },
    (error: unknown) => log.debug('the context capture could not be loaded', error),
  );

  return {
    flush() {
      if (stopped || flowing) return;
      flowing = true;
      const waiting = early;
      early = [];
      // Stamped now: rrweb replayers expect nothing before the Meta and full snapshot events.
      const at = Date.now();
      for (const event of waiting) send({ ...event, timestamp: Math.max(event.timestamp, at) });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      early = [];
      try {
        stopContext?.();
      } catch (error) {
        log.debug('the context capture failed to stop cleanly', error);
      }
    },
  };
}
