import type { RecorderOptions } from '../host.js';
import { wrapBeacon } from './beacon.js';
import { startErrorCapture } from './errors.js';
import { wrapFetch } from './fetch.js';
import { debug, type ContextDeps } from './kit.js';
import { networkRecorder } from './network-kit.js';
import { resolveCapture } from './options.js';
import { wrapXhr } from './xhr.js';

export type { ContextDeps } from './kit.js';
export { CONSOLE_PLUGIN, ERROR_PLUGIN, NETWORK_PLUGIN } from './kit.js';

/**
 * Check `options.capture` (one `Milana:` line per bad part, which then stays off), start the
 * capture asked for (console, network, errors) and return one teardown that undoes all of it:
 * console methods, `fetch`, the XHR prototype and `sendBeacon` restored, listeners removed.
 *
 * Console capture (our part and rrweb's console plugin) is a chunk of its own, the package's
 * `./context-console` subpath, imported only when console capture is on: an app that records
 * network or errors only never downloads it. Console calls are recorded from the moment it is
 * there. A part that fails to start is logged at debug level and skipped;
 * nothing here throws into the page. Idempotent teardown.
 *
 * @example
 * ```ts
 * const { startContextCapture } = await import('@milana-js/recorder/context');
 * const stop = startContextCapture(deps, { capture: { network: true, errors: true } });
 * stop();
 * ```
 */
export function startContextCapture(deps: ContextDeps, options: RecorderOptions): () => void {
  const teardowns: (() => void)[] = [];
  let stopped = false;
  const start = (name: string, fn: () => () => void): void => {
    try {
      if (!stopped) teardowns.push(fn());
    } catch (error) {
      debug(deps, name, error);
    }
  };
  const { console: consoleOpt, network, errors } = resolveCapture(options, deps.log) ?? {};
  if (consoleOpt)
    import('@milana-js/recorder/context-console').then(
      ({ startConsoleCapture }) =>
        start('console', () => startConsoleCapture(deps, consoleOpt.levels)),
      (error: unknown) => debug(deps, 'console', error),
    );
  if (network) {
    const net = networkRecorder(deps, network);
    start('fetch', () => wrapFetch(deps, net));
    start('XMLHttpRequest', () => wrapXhr(deps, net));
    start('sendBeacon', () => wrapBeacon(deps, net));
  }
  if (errors) start('error', () => startErrorCapture(deps));
  return () => {
    if (stopped) return;
    stopped = true;
    for (const teardown of teardowns.reverse()) {
      try {
        teardown();
      } catch (error) {
        debug(deps, 'stop', error);
      }
    }
  };
}
