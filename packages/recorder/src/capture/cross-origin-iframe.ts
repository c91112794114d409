import { record } from '@rrweb/record';
import { whenIdle } from './idle.js';
import { answerSnapshotRequests } from './iframe-snapshot.js';
import { buildPrivacySettings } from './privacy.js';
import { CHECKOUT_EVERY_MS } from './rrweb-settings.js';

const silentLog = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/**
 * Record inside a cross-origin iframe whose parent page records with
 * `shouldRecordCrossOriginIframes`: rrweb posts every event to the parent window, whose recorder
 * merges them into its own stream. Starts at idle time like the main capture, and answers the
 * parent's requests for a fresh snapshot (see `iframe-snapshot.ts`). It runs for the life of the
 * iframe document: there is no stop. Never throws.
 *
 * @example
 * ```ts
 * // inside the iframe's own bundle
 * startCrossOriginIframeCapture();
 * ```
 */
export function startCrossOriginIframeCapture(): void {
  whenIdle(() => {
    try {
      record({
        recordCrossOriginIframes: true,
        checkoutEveryNms: CHECKOUT_EVERY_MS,
        userTriggeredOnInput: true,
        // The iframe has no init options of its own: it records at the default privacy level.
        ...buildPrivacySettings({}, silentLog),
      });
      answerSnapshotRequests();
    } catch {
      // No logger in the iframe: a failed start only means the iframe is not recorded.
    }
  });
}
