import type { MilanaCustomPayload, RecorderLog, RecorderOptions } from '../host.js';

/**
 * The capture layer as the pipeline sees it: the contract of `src/capture/index.ts`, restated
 * structurally so the pipeline can be driven by any capture (the real rrweb one, or a test fake).
 */

/** One rrweb event as the capture emits it. */
export interface CapturedEvent {
  type: number;
  data: unknown;
  timestamp: number;
}

/** What the pipeline hands the capture. */
export interface CapturePortOptions {
  options: RecorderOptions;
  /** Called synchronously for every event, once rrweb runs. */
  emit(event: CapturedEvent): void;
  sanitizeUrl: (url: string) => string;
  log: RecorderLog;
}

/** A running capture. */
export interface CapturePort {
  /** Embed a Milana custom event; kept until rrweb runs, then emitted in order. */
  addCustomEvent(payload: MilanaCustomPayload): void;
  /** Emit the custom events still waiting for rrweb at once (before a stop or a hide-flush). */
  flushPending?(): void;
  /** Emit a new full snapshot (rrweb `takeFullSnapshot`), e.g. after the memory bound made a gap. */
  takeFullSnapshot?(): void;
  /**
   * Begin the recording again for the next session after a restart (§16): drop the custom events
   * still waiting for rrweb, emit a new Meta and full snapshot (once rrweb runs) and the current
   * page's `load` event. Without it a restart stops the capture.
   */
  renew?(): void;
  stop(): void;
  readonly started: boolean;
}

/** `startCapture` of the capture layer. */
export type StartCapture = (options: CapturePortOptions) => CapturePort;
