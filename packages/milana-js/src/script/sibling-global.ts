import type { IntegrationsModule } from '@milana-js/core';
import type { RecorderModule } from '@milana-js/recorder';
import type { startContextCapture } from '@milana-js/recorder/context';
import type { startConsoleCapture } from '@milana-js/recorder/context-console';

/**
 * A script-tag file that milana.js adds to the page only when it needs the module inside: the
 * recorder (sampled sessions), the integration detection (the init option `integrations`), or
 * the context capture and its console part (the init option `capture`, added by the recorder).
 * Running the file stores its module on a global slot, where milana.js's loader reads it
 * (sibling-loader.ts). The slot is a registered symbol, so the files (built separately) agree on
 * it without sharing code.
 */
export interface SiblingFile<T> {
  /** The file name; it is published in the same folder as milana.js. */
  readonly name: string;
  /** The global slot the file registers its module on. */
  readonly slot: symbol;
  /** A function every real module has: anything else in the slot counts as nothing registered. */
  readonly check: keyof T & string;
}

/** `milana-recorder.js`: the recorder (rrweb), fetched for sampled sessions only. */
export const RECORDER_FILE: SiblingFile<RecorderModule> = {
  name: 'milana-recorder.js',
  slot: Symbol.for('milana-js.recorder-module'),
  check: 'startRecorder',
};

/** `milana-integrations.js`: the Sentry/PostHog detection (§7.7), fetched only when asked for. */
export const INTEGRATIONS_FILE: SiblingFile<IntegrationsModule> = {
  name: 'milana-integrations.js',
  slot: Symbol.for('milana-js.integrations-module'),
  check: 'pollIntegrations',
};

/** The context capture's module (`@milana-js/recorder/context`). */
export interface CaptureModule {
  startContextCapture: typeof startContextCapture;
}

/** The console capture's module (`@milana-js/recorder/context-console`). */
export interface ConsoleModule {
  startConsoleCapture: typeof startConsoleCapture;
}

/**
 * `milana-capture.js`: the context capture (option checks, network, errors), added by
 * milana-recorder.js only when a recording session asks for `capture`.
 */
export const CAPTURE_FILE: SiblingFile<CaptureModule> = {
  name: 'milana-capture.js',
  slot: Symbol.for('milana-js.capture-module'),
  check: 'startContextCapture',
};

/**
 * `milana-console.js`: console capture with rrweb's console plugin, added by milana-capture.js
 * only for `capture.console`.
 */
export const CONSOLE_FILE: SiblingFile<ConsoleModule> = {
  name: 'milana-console.js',
  slot: Symbol.for('milana-js.console-module'),
  check: 'startConsoleCapture',
};

type Slots = Record<symbol, unknown>;

/**
 * Stores a file's module where the script-tag loader looks for it: what running the file does.
 *
 * @example
 * ```ts
 * registerModule(RECORDER_FILE, { startRecorder, startCrossOriginIframeRecorder });
 * ```
 */
export function registerModule<T>(file: SiblingFile<T>, module: T): void {
  (globalThis as unknown as Slots)[file.slot] = module;
}

/** The module `file` registered, or null when the file has not run (yet). */
export function readRegisteredModule<T>(file: SiblingFile<T>): T | null {
  const module = (globalThis as unknown as Slots)[file.slot] as Partial<T> | undefined;
  return module && typeof module[file.check] === 'function' ? (module as T) : null;
}
