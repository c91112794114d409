import { startCapture, startCrossOriginIframeCapture } from './capture/index.js';
import type { Recorder, RecorderHost } from './host.js';
import { startPipeline } from './pipeline/session-pipeline.js';

/**
 * Start recording the page for the session `host` is bound to: rrweb capture plus the event
 * pipeline (`/batch`, `/metrics`, retries, gzip, page lifecycle). Never throws into the page.
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
    return startPipeline(host, startCapture);
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
