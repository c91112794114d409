import type { RecorderModule } from '@milana-js/recorder';

/**
 * The global slot through which `milana-recorder.js` hands its module to `milana.js`. A registered
 * symbol, so the two files (built separately) agree on it without sharing code.
 */
export const RECORDER_SLOT = Symbol.for('milana-js.recorder-module');

type Slot = Record<symbol, unknown>;

/**
 * Stores the recorder module where the script-tag loader looks for it.
 *
 * @example
 * ```ts
 * registerRecorder({ startRecorder, startCrossOriginIframeRecorder });
 * ```
 */
export function registerRecorder(module: RecorderModule): void {
  (globalThis as unknown as Slot)[RECORDER_SLOT] = module;
}

/** The registered recorder module, or null when milana-recorder.js has not run (yet). */
export function readRegisteredRecorder(): RecorderModule | null {
  const module = (globalThis as unknown as Slot)[RECORDER_SLOT] as
    Partial<RecorderModule> | undefined;
  return module && typeof module.startRecorder === 'function' ? (module as RecorderModule) : null;
}
