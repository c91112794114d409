import { record } from '@rrweb/record';
import type { MilanaCustomPayload, RecorderLog, RecorderOptions } from '../host.js';
import { startContextLink } from './context-link.js';
import { startFocusTracking } from './focus-tracker.js';
import { whenIdle } from './idle.js';
import { requestIframeSnapshots } from './iframe-snapshot.js';
import { sanitizeMetaHref, type EmittedEvent } from './meta-href.js';
import { ignoredInputFilter, privacySettingsFromRules } from './privacy.js';
import { resolvePrivacyRules } from './privacy-rules.js';
import { startPlugins } from './plugins/index.js';
import {
  MILANA_CUSTOM_TAG,
  RRWEB_CUSTOM_EVENT,
  RRWEB_FULL_SNAPSHOT,
  RRWEB_PLUGIN_EVENT,
} from '../protocol.js';
import { CHECKOUT_EVERY_MS } from './rrweb-settings.js';
import { startUrlTracking } from './url-tracker.js';

/** What the pipeline hands the capture. */
export interface CaptureOptions {
  options: RecorderOptions;
  /** Receives every rrweb event (Meta `href` already sanitised), synchronously. */
  emit(event: EmittedEvent): void;
  /** URL sanitisation of ingest-protocol §18. */
  sanitizeUrl: (url: string) => string;
  log: RecorderLog;
}

/** A running capture. */
export interface Capture {
  /** Embed a Milana custom event; kept until rrweb runs, then emitted in order (never lost). */
  addCustomEvent(payload: MilanaCustomPayload): void;
  /**
   * Emit the custom events still waiting for rrweb at once, as plain rrweb custom events, so that
   * a stop or a page hide that comes before rrweb runs loses none of them.
   */
  flushPending(): void;
  /**
   * Emit a new full snapshot now (rrweb `takeFullSnapshot`), so a replay can resume after events
   * were dropped. Does nothing before rrweb runs (its first snapshot is still to come) or after stop.
   */
  takeFullSnapshot(): void;
  /**
   * Begin again for the next session after a server-driven restart (§16): drop the custom events
   * still waiting for rrweb (the old session's), emit a new Meta and full snapshot if rrweb runs
   * (otherwise its first one is still to come), then the current page's `load` event, and
   * forget the last focus value (§13.3). rrweb, the plugins and the context capture run on.
   */
  renew(): void;
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
  let stopPlugins: (() => void) | undefined;
  let ignoredInput: ((event: EmittedEvent) => boolean) | undefined;

  const emitCustom = (payload: MilanaCustomPayload): void => {
    try {
      record.addCustomEvent(MILANA_CUSTOM_TAG, payload);
    } catch (error) {
      o.log.debug('a custom event could not be added to the recording', error);
    }
  };

  const emitPlugin = (plugin: string, payload: Record<string, unknown>): void => {
    if (stopped) return;
    try {
      o.emit({ type: RRWEB_PLUGIN_EVENT, data: { plugin, payload }, timestamp: Date.now() });
    } catch (error) {
      o.log.debug('the recording pipeline refused a plugin event', error);
    }
  };

  const onRrwebRunning = (): void => {
    if (stopped || started) return;
    started = true;
    // Copy then clear first: an emit that adds another event must append after these.
    const pending = queue.splice(0, queue.length);
    for (const payload of pending) emitCustom(payload);
    // The plugins need rrweb's mirror (node ids), which is filled by the first full snapshot.
    stopPlugins = startPlugins({
      options: o.options,
      emitPlugin,
      nodeId: (node) => (node ? record.mirror.getId(node) : -1),
      log: o.log,
    });
    context?.flush();
  };

  const onRrwebEvent = (event: EmittedEvent): void => {
    if (stopped || ignoredInput?.(event) === true) return;
    try {
      o.emit(sanitizeMetaHref(event, o.sanitizeUrl));
    } catch (error) {
      o.log.debug('the recording pipeline refused an event', error);
    }
    // rrweb marks itself as recording only after its first full snapshot's observers are up,
    // in the same task; a microtask later it accepts custom events.
    if (event.type !== RRWEB_FULL_SNAPSHOT) return;
    if (!started) queueMicrotask(onRrwebRunning);
    if (o.options.shouldRecordCrossOriginIframes === true) requestIframeSnapshots();
  };

  const startRrweb = (): void => {
    if (stopped) return;
    try {
      const rules = resolvePrivacyRules(o.options, o.log);
      const privacy = privacySettingsFromRules(rules);
      ignoredInput = ignoredInputFilter(rules, (id) => record.mirror.getNode(id));
      stopRrweb =
        record({
          emit: (event) => onRrwebEvent(event as EmittedEvent),
          checkoutEveryNms: CHECKOUT_EVERY_MS,
          userTriggeredOnInput: true,
          recordCanvas: o.options.shouldRecordCanvas === true,
          recordCrossOriginIframes: o.options.shouldRecordCrossOriginIframes === true,
          ...privacy,
        }) ?? undefined;
      // The pipeline may stop us from inside an emit of the first snapshot, before `record`
      // returned its stop function: rrweb must not keep observing then.
      if (stopped) {
        stopRrweb?.();
        stopRrweb = undefined;
      }
    } catch (error) {
      o.log.warn(
        'the session recorder could not start; the page keeps working without a recording',
        error,
      );
    }
  };

  const addCustomEvent = (payload: MilanaCustomPayload): void => {
    if (stopped) return;
    if (started) emitCustom(payload);
    else queue.push(payload);
  };

  // Console, network and errors: loaded and started only when `options.capture` asks. Declared
  // before rrweb can start, because a stop from inside the first snapshot's emit tears it down.
  const context = startContextLink(
    o.options,
    (event) => o.emit(event),
    (url) => o.sanitizeUrl(url),
    o.log,
  );
  const cancelIdle = whenIdle(startRrweb);
  let stopUrls = (): void => undefined;
  let stopFocus = stopUrls;
  // URL and focus events start now: queued until rrweb runs, so the `load` event is never missed.
  const trackPage = (): void => {
    stopUrls = startUrlTracking({
      add: addCustomEvent,
      sanitizeUrl: o.sanitizeUrl,
      trackQuery: o.options.privacy?.shouldTrackQueryParams !== false,
      includeTitle: o.options.privacy?.maskingLevel !== 'xhigh',
      log: o.log,
    });
    stopFocus = startFocusTracking(addCustomEvent);
  };
  trackPage();

  return {
    addCustomEvent,
    flushPending() {
      if (stopped || started) return;
      for (const payload of queue.splice(0, queue.length)) {
        try {
          o.emit({
            type: RRWEB_CUSTOM_EVENT,
            data: { tag: MILANA_CUSTOM_TAG, payload },
            timestamp: Date.now(),
          });
        } catch (error) {
          o.log.debug('the recording pipeline refused a custom event', error);
        }
      }
    },
    takeFullSnapshot() {
      if (stopped || !started) return;
      try {
        record.takeFullSnapshot(true);
      } catch (error) {
        o.log.debug('a new full snapshot could not be taken', error);
      }
    },
    renew() {
      if (stopped) return;
      queue.length = 0;
      if (started) {
        try {
          record.takeFullSnapshot(true);
        } catch (error) {
          o.log.debug('a new full snapshot could not be taken', error);
        }
      }
      try {
        stopUrls();
        stopFocus();
        trackPage();
      } catch (error) {
        o.log.debug('URL and focus tracking could not begin again', error);
      }
    },
    stop() {
      if (stopped) return;
      // Plugins first, while emits still pass: their teardown flushes the pending scroll depth.
      try {
        stopPlugins?.();
      } catch (error) {
        o.log.debug('a plugin failed to stop cleanly', error);
      }
      stopped = true;
      cancelIdle();
      queue.length = 0;
      for (const teardown of [stopUrls, stopFocus, () => context?.stop(), stopRrweb]) {
        try {
          teardown?.();
        } catch (error) {
          o.log.debug('a part of the capture failed to stop cleanly', error);
        }
      }
      stopPlugins = undefined;
      stopRrweb = undefined;
    },
    get started() {
      return started;
    },
  };
}
