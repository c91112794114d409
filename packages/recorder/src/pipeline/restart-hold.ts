import type { MilanaCustomPayload, RecorderLog, RecorderOptions } from '../host.js';
import { CUSTOM_VISIBILITY } from '../protocol.js';
import type { CapturedEvent, CapturePort } from './capture-port.js';
import { EventBuffer, serialise, type BufferedEvent } from './event-buffer.js';
import { MEMORY_BOUND_CHARS } from './limits.js';
import { listenPageLifecycle } from './page-lifecycle.js';

/** Where a capture's events go: whoever owns the capture (a pipeline or a hold) points it at itself. */
export interface Relay {
  emit(event: CapturedEvent): void;
}

/** The captures held right now, each for the next session of the `options` it was started with. */
const holds = new Set<RestartHold>();

/**
 * A capture kept across a server-driven restart (ingest-protocol §16, our §23 extension): the old
 * session's events are gone, but the page is still recorded for the next session, so nothing the
 * visitor does while the new `/session` keeps failing is lost. It starts with a new Meta and full
 * snapshot and the current page's `load` event (what a fresh capture starts with), and keeps the
 * events after it in memory under the §23 memory bound: past {@link MEMORY_BOUND_CHARS} the oldest
 * are dropped, counted in the next session's `/metrics`, and that session takes a new full
 * snapshot once it delivers (as the pipeline does after an outage).
 *
 * Nothing is sent while held: there is no session id to send under, and none to key the unsent
 * tail of §23 by, so a page that unloads (`pagehide` without the back/forward cache) loses what
 * is held; the next page starts a new session anyway, which would drop a tail of another id.
 * Visibility changes are recorded (§13.1 step 1); the hide-flush and the page-close ping are
 * not, as they belong to a session. A page that comes back from the back/forward cache keeps
 * holding.
 *
 * The hold ends in one of two ways: the pipeline of the next session finds it with
 * {@link takeHold} (by the same `options` object, so a new `init` with other privacy options
 * never inherits it) and {@link RestartHold.adopt}s it, or
 * {@link RestartHold.end} disconnects every observer of the capture (rrweb, URL, focus, the
 * plugins, console, network and error capture, the cross-origin iframe messages rrweb listens
 * to) and discards the events, sending nothing.
 */
export class RestartHold {
  /** The next session's events, oldest first. */
  readonly buffer = new EventBuffer();
  /** Events the memory bound dropped while held. */
  dropped = 0;
  /** The memory bound cut the held recording: its replay needs a new full snapshot. */
  needsSnapshot = false;
  private readonly unlisten: () => void;

  /** Holds `capture` (which must be able to `renew`), whose events reach whoever `relay` names. */
  constructor(
    readonly options: RecorderOptions,
    readonly capture: CapturePort,
    readonly relay: Relay,
    private readonly log: RecorderLog,
  ) {
    relay.emit = (event) => this.onEvent(event);
    this.unlisten = listenPageLifecycle({
      onVisibilityChange: (visibilityState) =>
        this.add({ type: CUSTOM_VISIBILITY, visibilityState }),
      onPageHide: () => undefined,
    });
    holds.add(this);
    this.renew();
  }

  /** True until adopted or ended. */
  get active(): boolean {
    return holds.has(this);
  }

  /** Drop what is held and begin again: Meta, full snapshot, `load` (another restart, §16). */
  renew(): void {
    if (!this.active) return;
    this.buffer.clear();
    this.dropped = 0;
    this.needsSnapshot = false;
    try {
      this.capture.renew?.();
    } catch (error) {
      this.log.debug('the held recording could not begin again', error);
    }
  }

  /** A Milana custom event for the next session. */
  add(payload: MilanaCustomPayload): void {
    if (!this.active) return;
    try {
      this.capture.addCustomEvent(payload);
    } catch (error) {
      this.log.debug('a custom event could not be added', error);
    }
  }

  /** The next session does not take it over: stop the capture, discard its events, send nothing. */
  end(): void {
    if (!holds.delete(this)) return;
    this.release(() => undefined);
    this.buffer.clear();
    try {
      this.capture.stop();
    } catch (error) {
      this.log.debug('stopping the held capture failed', error);
    }
  }

  /** Hands the capture over: its events go to `emit` from now on. Returns what was held. */
  adopt(emit: Relay['emit']): readonly BufferedEvent[] {
    holds.delete(this);
    this.release(emit);
    const events = this.buffer.all();
    this.buffer.clear();
    return events;
  }

  private release(emit: Relay['emit']): void {
    this.unlisten();
    this.relay.emit = emit;
  }

  private onEvent(event: CapturedEvent): void {
    const item = serialise(event, this.log);
    if (!item) return;
    const dropped = this.buffer.pushWithin(...item, MEMORY_BOUND_CHARS);
    if (!dropped) return;
    this.dropped += dropped;
    if (!this.needsSnapshot) {
      this.log.warn(
        `the recording held for the next session passed ${MEMORY_BOUND_CHARS} chars; the oldest events are dropped`,
      );
    }
    this.needsSnapshot = true;
  }
}

/**
 * The capture held for the next session of `options` (the pipeline then `adopt`s it), or
 * undefined. Holds of other options (another client of the page) are left alone.
 */
export function takeHold(options: RecorderOptions): RestartHold | undefined {
  for (const hold of holds) if (hold.options === options) return hold;
  return undefined;
}
