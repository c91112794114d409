import type { ResolvedCapture } from '../capture/context-options.js';
import { wrapBeacon } from './beacon.js';
import { startConsoleCapture } from './console.js';
import { startErrorCapture } from './errors.js';
import { wrapFetch } from './fetch.js';
import { debug, type ContextDeps } from './kit.js';
import { networkRecorder } from './network-kit.js';
import { wrapXhr } from './xhr.js';

export type { ContextDeps } from './kit.js';
export { CONSOLE_PLUGIN, ERROR_PLUGIN, NETWORK_PLUGIN } from './kit.js';

/**
 * Start the context capture asked for (console, network, errors) and return one teardown that
 * undoes all of it: console methods, `fetch`, the XHR prototype and `sendBeacon` restored,
 * listeners removed. A part that fails to start is logged at debug level and skipped; nothing
 * here throws into the page. Idempotent teardown.
 *
 * @example
 * ```ts
 * const { startContextCapture } = await import('./context/index.js');
 * const stop = startContextCapture(deps, { network: { headers: [], bodies: false, ignoreUrls: [] } });
 * stop();
 * ```
 */
export function startContextCapture(deps: ContextDeps, capture: ResolvedCapture): () => void {
  const teardowns: (() => void)[] = [];
  const start = (name: string, fn: () => () => void): void => {
    try {
      teardowns.push(fn());
    } catch (error) {
      debug(deps, name, error);
    }
  };
  const { console: consoleOpt, network, errors } = capture;
  if (consoleOpt) start('console', () => startConsoleCapture(deps, consoleOpt.levels));
  if (network) {
    const net = networkRecorder(deps, network);
    start('fetch', () => wrapFetch(deps, net));
    start('XMLHttpRequest', () => wrapXhr(deps, net));
    start('sendBeacon', () => wrapBeacon(deps, net));
  }
  if (errors) start('error', () => startErrorCapture(deps));
  let stopped = false;
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
