import { startCapture, startCrossOriginIframeCapture } from './capture/index.js';
import { asOwnSend } from './capture/own-sends.js';
import type { Recorder, RecorderHost } from './host.js';
import { takeHold } from './pipeline/restart-hold.js';
import { startPipeline } from './pipeline/session-pipeline.js';

/**
 * Start recording the page for the session `host` is bound to: rrweb capture plus the event
 * pipeline (`/batch`, `/metrics`, retries, gzip, page lifecycle). Never throws into the page.
 *
 * After a server-driven restart the previous recorder of these `options` holds its capture for
 * this session (see `Recorder.stop`): this recorder adopts it, sending what it recorded since
 * the restart first, instead of starting a new capture.
 *
 * @example
 * ```ts
 * const { startRecorder } = await import('@milana-js/recorder');
 * const recorder = startRecorder(host);
 * recorder.trackEvent('report.exported', { format: 'csv' });
 * recorder.stop('abort');
 * ```
 */
export function startRecorder(host: RecorderHost): Recorder {
  try {
    // The recorder's own sends are marked, so the network capture never records them.
    const send: RecorderHost['send'] = (...args) => asOwnSend(() => host.send(...args));
    return startPipeline(
      Object.assign(Object.create(host) as RecorderHost, { send }),
      startCapture,
      takeHold(host.options),
    );
  } catch (error) {
    // The host app must keep working even if the recorder cannot be built at all.
    try {
      host.log.warn('recording could not start; the session continues without a recording', error);
    } catch {
      // a broken logger must not break the page either
    }
    return { trackEvent: () => undefined, stop: () => undefined };
  }
}

/**
 * The session was stopped while this module was loading (§14): send the client-abort `/batch`
 * and the final `/metrics` a running recorder would have sent, through the same pipeline, with a
 * capture that never starts, so nothing of the page is observed. Never throws into the page.
 *
 * @example
 * ```ts
 * const mod = await import('@milana-js/recorder');
 * mod.abortRecorder(host); // POST /batch (isClientAbort), then POST /metrics
 * ```
 */
export function abortRecorder(host: RecorderHost): void {
  try {
    startPipeline(host, () => ({
      addCustomEvent: () => undefined,
      stop: () => undefined,
      started: false,
    })).stop('abort');
  } catch {
    // Nothing was recorded; the page must not notice a failure to say so.
  }
}

/**
 * Record inside a cross-origin iframe whose parent page records (`initCrossOriginIframe`): the
 * iframe's events are posted to the parent's recorder. Never throws into the page.
 *
 * @example
 * ```ts
 * const { startCrossOriginIframeRecorder } = await import('@milana-js/recorder');
 * startCrossOriginIframeRecorder();
 * ```
 */
export function startCrossOriginIframeRecorder(): void {
  try {
    startCrossOriginIframeCapture();
  } catch {
    // Nothing to report to: the iframe has no session and no logger of its own.
  }
}
