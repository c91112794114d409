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
import { EventBuffer, envelopeOf, oldestWithin, serialise } from './event-buffer.js';
import { canGzip } from './gzip.js';
import { BATCH_MAX_CHARS, HIDE_FLUSH_MAX_BYTES, MEMORY_BOUND_CHARS } from './limits.js';
import { MetricsReporter } from './metrics-reporter.js';
import { listenPageLifecycle } from './page-lifecycle.js';
import { startPerformanceTracking, type PerformanceTracker } from './performance-tracker.js';
import { RestartHold, type Relay } from './restart-hold.js';
import { validateTrackEvent } from './track-event.js';
import { loadUnsent, removeUnsent, saveUnsent, unsentMark } from './unsent-store.js';

/** How a recorder ends: with or without the final `/metrics` (§9 sends it only while recording). */
type Ending = { finalMetrics: false } | { finalMetrics: true; after?: Promise<unknown> };

/**
 * Run one session's event pipeline around a capture: buffer, regular sends and retries, gzip,
 * the page lifecycle, the client abort and `/metrics` (ingest-protocol §8–14), under the delivery
 * guarantees of §23: nothing leaves the buffer unacknowledged, an outage never halts the
 * recording, the memory bound drops the oldest events (counted) instead, and the tail that is
 * unsent at `pagehide` is handed to the next page of the tab. `startRecorder` calls this with the
 * rrweb capture; tests call it with a fake one.
 *
 * A server-driven restart (`stop('restart')`, or a `/batch` answer asking for one) drops this
 * session's events but keeps the capture recording for the next session in a {@link RestartHold};
 * the next session's pipeline, started with that `held` capture, sends its events first and
 * records on with it instead of starting a new capture.
 *
 * @example
 * ```ts
 * const recorder = startPipeline(host, startCapture);
 * recorder.trackEvent('report.exported', { format: 'csv' });
 * recorder.stop('abort');
 * ```
 */
export function startPipeline(
  host: RecorderHost,
  startCapture: StartCapture,
  held?: RestartHold,
): Recorder {
  const log = host.log;
  const now = (): number => Date.now();
  const buffer = new EventBuffer();
  let stopped = false;
  // §13.2/§14: the page-close ping and the client abort go out at most once, together.
  let closeOrAbortSent = false;
  let capture: CapturePort | null = null;
  /** Where the capture's events go; it travels with the capture into and out of a restart hold. */
  let relay: Relay = { emit: onEvent };
  /** This session's capture, held for the next session since a restart (§16). */
  let hold: RestartHold | null = null;
  // Set when the memory bound dropped events: the next delivered send triggers a full snapshot.
  let needsSnapshot = false;
  // The previous page's tail (restored into the buffer) is removed from storage once delivered.
  let restoredThrough = 0;
  // What this page wrote at pagehide, to settle it if the page comes back from the bfcache.
  const mark = `${now().toString(36)}${Math.random().toString(36).slice(2)}`;
  let stashedThrough = 0;

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
    random: Math.random,
    onRestart: () => {
      // The core answers with `stop('restart')` at once, which holds the capture for the next
      // session; whatever a host does, nothing of this pipeline runs on afterwards.
      try {
        host.requestRestart();
      } finally {
        end({ finalMetrics: false });
      }
    },
    onNotSampled: (sessionId) => {
      // DEVIATION (§8.3 option): stop recording instead of observing and throwing the output away.
      end({ finalMetrics: false });
      host.markNotSampled(sessionId);
    },
    onDelivered,
    onRefused: () => metrics.countDropped('too-large', 1),
  });

  function onDelivered(): void {
    if (restoredThrough > 0 && (buffer.all()[0]?.seq ?? Infinity) > restoredThrough) {
      restoredThrough = 0;
      removeUnsent();
    }
    if (!needsSnapshot) return;
    needsSnapshot = false;
    // The replay lost its base when the oldest events were dropped; a new full snapshot after
    // the gap lets it resume cleanly (§23 memory bound).
    try {
      capture?.takeFullSnapshot?.();
    } catch (error) {
      log.debug('a new full snapshot could not be taken', error);
    }
  }

  /** Ends this session's pipeline; `holding` keeps a capture that can renew for the next one. */
  function end(ending: Ending, holding = false): void {
    if (stopped) return;
    stopped = true;
    sender.stop();
    removeLifecycle();
    performance?.stop();
    buffer.clear();
    try {
      if (holding && capture?.renew) hold = new RestartHold(host.options, capture, relay, log);
    } catch (error) {
      log.debug('the capture could not be held for the next session', error);
    }
    try {
      if (!hold) capture?.stop();
    } catch (error) {
      log.debug('stopping the capture failed', error);
    }
    if (ending.finalMetrics) metrics.finish(ending.after);
    else metrics.halt();
  }

  function push(json: string, timestamp: number): void {
    const dropped = buffer.pushWithin(json, timestamp, MEMORY_BOUND_CHARS);
    if (!dropped) return;
    metrics.countDropped('memory-bound', dropped);
    if (!needsSnapshot) {
      log.warn(
        `the unsent recording passed ${MEMORY_BOUND_CHARS} chars; the oldest events are dropped until sending works again`,
      );
    }
    needsSnapshot = true;
  }

  function onEvent(event: CapturedEvent): void {
    if (stopped) return;
    const item = serialise(event, log);
    if (!item) return;
    push(...item);
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

  /** The events no keepalive request in flight carries, oldest first. */
  const notCarried = () => {
    const through = sender.keepaliveThrough;
    return buffer.all().filter((e) => e.seq > through);
  };

  const removeLifecycle = listenPageLifecycle({
    onVisibilityChange: (state) => {
      if (stopped) return;
      // The visibility event goes in first, so the hide-flush below carries it (§13.1).
      addCustomEvent({ type: 4, visibilityState: state });
      if (state === 'visible') return sender.retryNow();
      flushCapture();
      sender.flushKeepalive(HIDE_FLUSH_MAX_BYTES);
    },
    onPageHide: (persisted) => {
      if (stopped) return;
      flushCapture();
      // Closing a tab fires pagehide before visibilitychange: the flush may not have run yet.
      sender.flushKeepalive(HIDE_FLUSH_MAX_BYTES);
      stashedThrough = saveUnsent(host.sessionId, mark, notCarried());
      // bfcache: the page may come back and resume this session, so it is not closed.
      if (persisted || closeOrAbortSent) return;
      closeOrAbortSent = true;
      void sendIgnoringAnswer(batchBody([], now(), { kind: 'page-close' }), { keepalive: true });
    },
    onPageRestored: () => {
      if (stopped || stashedThrough === 0) return;
      // Still ours: this page keeps the events and sends them itself. Gone: the next page took
      // them over, so they are no longer this page's to send.
      if (unsentMark() === mark) removeUnsent();
      else buffer.ackThrough(stashedThrough);
      stashedThrough = 0;
    },
    onOnline: () => {
      if (!stopped) sender.retryNow();
    },
  });

  // The previous page's unsent tail goes first, before anything this page records (§23).
  for (const event of loadUnsent(host.sessionId)) push(event.json, event.timestamp);
  restoredThrough = buffer.lastSeq;
  sender.start();
  metrics.start();
  let adopted = 0;
  if (held) {
    // The capture held since the restart that opened this session records on for it: what it
    // held goes next (its drops counted, its gap healed by a snapshot once sending works).
    capture = held.capture;
    relay = held.relay;
    const events = held.adopt(onEvent);
    for (const event of events) push(event.json, event.timestamp);
    adopted = events.length;
    if (held.dropped > 0) metrics.countDropped('memory-bound', held.dropped);
    if (held.needsSnapshot) needsSnapshot = true;
    sender.noteBuffered();
  } else {
    try {
      const started = startCapture({
        options: host.options,
        emit: (event) => relay.emit(event),
        sanitizeUrl: host.sanitizeUrl,
        log,
      });
      capture = started;
      if (stopped) started.stop();
    } catch (error) {
      log.warn('recording could not start; the session continues without a recording', error);
      end({ finalMetrics: true });
    }
  }
  // Events that waited (the previous page's tail, or what was held) go at once.
  if (restoredThrough > 0 || adopted > 0) sender.sendSoon();

  return {
    trackEvent(name, attributes) {
      // The core forwards the app's arguments as given; the §17.4 check and its warnings are here.
      // A held capture (the same capture) takes them for the next session.
      const live = hold ? hold.active : !stopped;
      const event = live ? validateTrackEvent(name, attributes, log) : null;
      if (event) addCustomEvent({ type: 1, ...event });
    },
    stop(reason?: StopReason) {
      if (hold) {
        if (reason === 'restart') return hold.renew();
        if (!hold.active) return;
        // The next session does not take the held capture over: it ends, nothing is sent.
        if (reason === 'denied' || reason === 'abort') removeUnsent();
        return hold.end();
      }
      if (stopped) return;
      // A withdrawn consent leaves no recorded tail behind in the tab's storage either.
      if (reason === 'denied') removeUnsent();
      if (reason === 'restart') return end({ finalMetrics: false }, true);
      if (reason !== 'abort') return end({ finalMetrics: false });
      let abortBatch: Promise<unknown> | undefined;
      removeUnsent();
      if (!closeOrAbortSent) {
        closeOrAbortSent = true;
        flushCapture();
        // With a regular send in flight, that send delivers the buffer; repeating it would
        // duplicate it (§14). The body stays within the §23 request size.
        const carried = sender.sending ? [] : oldestWithin(notCarried(), BATCH_MAX_CHARS);
        abortBatch = sendIgnoringAnswer(envelopeOf(carried, { kind: 'client-abort' }, now()));
      }
      end({ finalMetrics: true, after: abortBatch });
    },
  };
}
