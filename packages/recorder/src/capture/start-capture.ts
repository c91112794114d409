import { record } from '@rrweb/record';
import type { MilanaCustomPayload, RecorderLog, RecorderOptions } from '../host.js';
import { whenIdle } from './idle.js';
import { sanitizeMetaHref, type EmittedEvent } from './meta-href.js';
import { buildPrivacySettings } from './privacy.js';
import { CHECKOUT_EVERY_MS, MILANA_CUSTOM_TAG, RRWEB_FULL_SNAPSHOT } from './rrweb-settings.js';

/** What the pipeline hands the capture. */
export interface CaptureOptions {
  options: RecorderOptions;
  /** Receives every rrweb event (Meta `href` already sanitised), synchronously. */
  emit(event: EmittedEvent): void;
  /** URL sanitisation of ingest-protocol §18. */
  sanitizeUrl(url: string): string;
  log: RecorderLog;
}

/** A running capture. */
export interface Capture {
  /** Embed a Milana custom event; kept until rrweb runs, then emitted in order (never lost). */
  addCustomEvent(payload: MilanaCustomPayload): void;
  /** Stop rrweb and remove every listener, observer and timer. Idempotent. */
  stop(): void;
  /** True once rrweb has taken its first full snapshot and the queued custom events went out. */
  readonly started: boolean;
}

/**
 * Start recording the page with rrweb at the next idle moment (ingest-protocol §17.1). Custom
 * events added before rrweb runs are queued and flushed in order once it does. Never throws.
 *
 * @example
 * ```ts
 * const capture = startCapture({ options, emit: (e) => buffer.push(e), sanitizeUrl, log });
 * capture.addCustomEvent({ type: 1, name: 'report.exported', attributes: {} });
 * capture.stop();
 * ```
 */
export function startCapture(o: CaptureOptions): Capture {
  const queue: MilanaCustomPayload[] = [];
  let started = false;
  let stopped = false;
  let stopRrweb: (() => void) | undefined;

  const emitCustom = (payload: MilanaCustomPayload): void => {
    try {
      record.addCustomEvent(MILANA_CUSTOM_TAG, payload);
    } catch (error) {
      o.log.debug('a custom event could not be added to the recording', error);
    }
  };

  const flushQueue = (): void => {
    if (stopped || started) return;
    started = true;
    // Copy then clear first: an emit that adds another event must append after these.
    const pending = queue.splice(0, queue.length);
    for (const payload of pending) emitCustom(payload);
  };

  const onRrwebEvent = (event: EmittedEvent): void => {
    if (stopped) return;
    try {
      o.emit(sanitizeMetaHref(event, o.sanitizeUrl));
    } catch (error) {
      o.log.debug('the recording pipeline refused an event', error);
    }
    // rrweb marks itself as recording only after its first full snapshot's observers are up,
    // in the same task; a microtask later it accepts custom events.
    if (event.type === RRWEB_FULL_SNAPSHOT && !started) queueMicrotask(flushQueue);
  };

  const startRrweb = (): void => {
    if (stopped) return;
    try {
      const privacy = buildPrivacySettings(o.options, o.log);
      stopRrweb =
        record({
          emit: (event) => onRrwebEvent(event as EmittedEvent),
          checkoutEveryNms: CHECKOUT_EVERY_MS,
          userTriggeredOnInput: true,
          recordCanvas: o.options.shouldRecordCanvas === true,
          recordCrossOriginIframes: o.options.shouldRecordCrossOriginIframes === true,
          ...privacy,
        }) ?? undefined;
    } catch (error) {
      o.log.warn('the session recorder could not start; the page keeps working without a recording', error);
    }
  };

  const cancelIdle = whenIdle(startRrweb);

  return {
    addCustomEvent(payload) {
      if (stopped) return;
      if (started) emitCustom(payload);
      else queue.push(payload);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      cancelIdle();
      queue.length = 0;
      try {
        stopRrweb?.();
      } catch (error) {
        o.log.debug('rrweb failed to stop cleanly', error);
      }
      stopRrweb = undefined;
    },
    get started() {
      return started;
    },
  };
}
