import type {
  MilanaCustomPayload,
  Recorder,
  RecorderHost,
  SendOptions,
  StopReason,
} from '../host.js';
import { BatchSender } from './batch-sender.js';
import type { CapturedEvent, CapturePort, StartCapture } from './capture-port.js';
import { batchBody } from './envelope.js';
import { EventBuffer } from './event-buffer.js';
import { canGzip } from './gzip.js';
import { BUFFER_HARD_CAP_CHARS, HIDE_FLUSH_MAX_BYTES, SINGLE_EVENT_CAP_CHARS } from './limits.js';
import { MetricsReporter } from './metrics-reporter.js';
import { listenPageLifecycle } from './page-lifecycle.js';
import { startPerformanceTracking, type PerformanceTracker } from './performance-tracker.js';
import { utf8Length } from './utf8-length.js';

/** How a recorder ends: with or without the final `/metrics` (§9 sends it only while recording). */
type Ending = { finalMetrics: false } | { finalMetrics: true; after?: Promise<unknown> };

/**
 * Run one session's event pipeline around a capture: buffer, regular sends and retries, gzip,
 * the page lifecycle, the client abort and `/metrics` (ingest-protocol §8–14). `startRecorder`
 * calls this with the rrweb capture; tests call it with a fake one.
 *
 * @example
 * ```ts
 * const recorder = startPipeline(host, startCapture);
 * recorder.trackEvent('report.exported', { format: 'csv' });
 * recorder.stop('abort');
 * ```
 */
export function startPipeline(host: RecorderHost, startCapture: StartCapture): Recorder {
  const log = host.log;
  const now = (): number => Date.now();
  const buffer = new EventBuffer();
  let stopped = false;
  // §13.2/§14: the page-close ping and the client abort go out at most once, together.
  let closeOrAbortSent = false;
  let capture: CapturePort | null = null;

  /** Fire-and-forget send whose answer nobody reads; never rejects. */
  const sendIgnoringAnswer = (body: string, options?: SendOptions): Promise<unknown> => {
    try {
      return host
        .send('/batch', body, options)
        .catch((error: unknown) => log.debug('batch send failed', error));
    } catch (error) {
      log.debug('batch send failed', error);
      return Promise.resolve();
    }
  };

  const performance: PerformanceTracker | null =
    host.options._internal?.shouldTrackPerformance === true ? startPerformanceTracking(now) : null;

  const metrics = new MetricsReporter({
    send: (body) => host.send('/metrics', body),
    log,
    now,
    numEventsInBuffer: () => buffer.count,
    figures: () => performance?.figures() ?? {},
  });

  const sender = new BatchSender({
    buffer,
    send: (path, body, options) => host.send(path, body, options),
    gzip: canGzip(host.options),
    log,
    now,
    onRestart: () => {
      end({ finalMetrics: false });
      host.requestRestart();
    },
    onNotSampled: (sessionId) => {
      // DEVIATION (§8.3 option): stop recording instead of observing and throwing the output away.
      end({ finalMetrics: false });
      host.markNotSampled(sessionId);
    },
    onGiveUp: () => {
      log.info(
        'recording stopped: the recording upload failed after 5 retries; events of this page are no longer sent',
      );
      end({ finalMetrics: true });
      host.halt('retry-limit');
    },
  });

  function end(ending: Ending): void {
    if (stopped) return;
    stopped = true;
    sender.stop();
    removeLifecycle();
    performance?.stop();
    buffer.clear();
    try {
      capture?.stop();
    } catch (error) {
      log.debug('stopping the capture failed', error);
    }
    if (ending.finalMetrics) metrics.finish(ending.after);
    else metrics.halt();
  }

  function overflow(reason: 'buffer-overflow' | 'event-too-large', chars: number): void {
    const what =
      reason === 'event-too-large'
        ? `one recorded event is ${chars} chars, over the ${SINGLE_EVENT_CAP_CHARS}-char limit`
        : `the unsent recording reached ${chars} chars, over the ${BUFFER_HARD_CAP_CHARS}-char limit`;
    log.warn(
      `recording stopped: ${what}; block very large or fast-changing elements with the privacy options`,
    );
    metrics.countBufferAbort();
    end({ finalMetrics: true });
    host.halt(reason);
  }

  function onEvent(event: CapturedEvent): void {
    if (stopped) return;
    let json: string | undefined;
    try {
      json = JSON.stringify(event);
    } catch (error) {
      log.debug('an event could not be serialised and was dropped', error);
      return;
    }
    if (typeof json !== 'string') return;
    if (json.length > SINGLE_EVENT_CAP_CHARS) return overflow('event-too-large', json.length);
    buffer.push(json, Number.isFinite(event.timestamp) ? event.timestamp : now());
    if (buffer.chars > BUFFER_HARD_CAP_CHARS) return overflow('buffer-overflow', buffer.chars);
    sender.noteBuffered();
  }

  function addCustomEvent(payload: MilanaCustomPayload): void {
    try {
      capture?.addCustomEvent(payload);
    } catch (error) {
      log.debug('a custom event could not be added', error);
    }
  }

  /** Custom events still waiting for rrweb go into the buffer, so a stop or hide cannot lose them. */
  function flushCapture(): void {
    try {
      capture?.flushPending?.();
    } catch (error) {
      log.debug('flushing the capture failed', error);
    }
  }

  function hideFlush(): void {
    if (stopped) return;
    flushCapture();
    if (buffer.count === 0) return;
    // Chars never exceed UTF-8 bytes, so this cheap test spares building a body that cannot fit.
    if (buffer.chars > HIDE_FLUSH_MAX_BYTES) return;
    const body = buffer.body({ kind: 'regular' }, now());
    // DEVIATION (§13.1 option): the keepalive budget is bytes. Checked before aborting anything.
    if (utf8Length(body) > HIDE_FLUSH_MAX_BYTES) return;
    sender.abortInFlight();
    buffer.clear();
    void sendIgnoringAnswer(body, { keepalive: true });
  }

  const removeLifecycle = listenPageLifecycle({
    onVisibilityChange: (state) => {
      if (stopped) return;
      // The visibility event goes in first, so the hide-flush below carries it (§13.1).
      addCustomEvent({ type: 4, visibilityState: state });
      if (state === 'hidden') hideFlush();
    },
    onPageHide: (persisted) => {
      // bfcache: the page may come back and resume this session, so it is not closed.
      if (persisted || stopped || closeOrAbortSent) return;
      closeOrAbortSent = true;
      void sendIgnoringAnswer(batchBody([], now(), { kind: 'page-close' }), { keepalive: true });
    },
  });

  sender.start();
  metrics.start();
  try {
    const started = startCapture({
      options: host.options,
      emit: onEvent,
      sanitizeUrl: host.sanitizeUrl,
      log,
    });
    capture = started;
    // rrweb may emit (and overflow) synchronously while starting, before `capture` was set.
    if (stopped) started.stop();
  } catch (error) {
    log.warn('recording could not start; the session continues without a recording', error);
    end({ finalMetrics: true });
  }

  return {
    trackEvent(name, attributes) {
      if (!stopped) addCustomEvent({ type: 1, name, attributes });
    },
    stop(reason: StopReason) {
      if (stopped) return;
      if (reason !== 'abort') return end({ finalMetrics: false });
      let abortBatch: Promise<unknown> | undefined;
      if (!closeOrAbortSent) {
        closeOrAbortSent = true;
        flushCapture();
        // With a regular send in flight, that send delivers the buffer; repeating it would duplicate it (§14).
        const body = sender.sending
          ? batchBody([], now(), { kind: 'client-abort' })
          : buffer.body({ kind: 'client-abort' }, now());
        abortBatch = sendIgnoringAnswer(body);
      }
      end({ finalMetrics: true, after: abortBatch });
    },
  };
}
