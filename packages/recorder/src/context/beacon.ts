import { debug, type ContextDeps } from './kit.js';
import { bodySize, bodyText, type NetworkRecorder } from './network-kit.js';

/**
 * Record `navigator.sendBeacon` calls (method POST, URL, size, whether the browser queued it;
 * a beacon has no response to report). The original runs first with the same `this` and
 * arguments, and its boolean is returned as is.
 *
 * @example
 * ```ts
 * const restore = wrapBeacon(deps, net);
 * navigator.sendBeacon('/analytics', 'x'); // { initiator: 'beacon', method: 'POST', queued: true, ... }
 * restore();
 * ```
 */
export function wrapBeacon(deps: ContextDeps, net: NetworkRecorder): () => void {
  const nav = deps.win.navigator;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- always called with apply(this)
  const original = nav?.sendBeacon;
  if (typeof original !== 'function') return () => undefined;
  const hadOwn = Object.prototype.hasOwnProperty.call(nav, 'sendBeacon');
  let active = true;
  const wrapper = function sendBeacon(this: unknown, ...args: Parameters<Navigator['sendBeacon']>) {
    const queued = original.apply(this, args);
    if (active)
      try {
        const [url, data] = args;
        if (!net.skip(String(url), false))
          net.record({
            initiator: 'beacon',
            method: 'POST',
            url: String(url),
            requestSize: bodySize(data),
            requestBody: net.settings.bodies ? bodyText(data) : undefined,
            queued: queued === true,
          });
      } catch (error) {
        debug(deps, 'beacon', error);
      }
    return queued;
  };
  nav.sendBeacon = wrapper;
  return () => {
    active = false;
    if (nav.sendBeacon !== wrapper) return;
    if (hadOwn) nav.sendBeacon = original;
    else delete (nav as { sendBeacon?: unknown }).sendBeacon;
  };
}
