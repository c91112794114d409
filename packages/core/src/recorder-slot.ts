import type { Recorder, RecorderHost, StopReason } from '@milana-js/recorder';
import type { Logger } from './log';
import { contain } from './log';
import type { RecorderLoader } from './recorder-link';
import { MAX_QUEUED_CALLS } from './call-queue';

/** What a session drives; see {@link createRecorderSlot}. */
export type RecorderSlot = ReturnType<typeof createRecorderSlot>;

/**
 * The one recorder of a client: loaded lazily, started for a recording session, stopped on any
 * way out of it. Events tracked while the module loads are held (bounded) and handed over once
 * it runs. Whether a start is still wanted is the session's question (`live`: does that
 * generation still record?): a module that arrives for a session that ended meanwhile is never
 * started.
 */
export function createRecorderSlot(
  log: Logger,
  live: (gen: number) => boolean,
  fail: (gen: number, error: unknown) => void,
) {
  /**
   * The last recorder started, kept after it stopped: one stopped for a restart (§16) still holds
   * its capture for the next session until that session's start adopts it or a later stop ends it.
   */
  let recorder: Recorder | null = null;
  /** The host of the start that waits for the module. */
  let loading: RecorderHost | null = null;
  /** The host whose load `stopRecording()` interrupted: its module sends the abort (§14). */
  let aborted: RecorderHost | null = null;
  /** Events held while the recorder module loads. */
  let held: Array<[name: unknown, attributes: unknown]> = [];

  // A throwing recorder must not break the app; its errors are only worth a debug line.
  const safely = (call: () => void): void => contain(log, 'the recorder threw', call);

  return {
    /**
     * Loads the module and starts a recorder on `host` while generation `gen` records (`live`),
     * then hands it the held events. `fail` hears of a module that could not be loaded or
     * started, if still live.
     */
    async _start(loader: RecorderLoader, host: RecorderHost, gen: number): Promise<void> {
      try {
        loading = host;
        const mod = await loader();
        // The session stopped, restarted or stopped recording meanwhile: never start.
        if (!live(gen)) return void (aborted == host && safely(() => mod.abortRecorder?.(host)));
        loading = null;
        recorder = mod.startRecorder(host);
      } catch (error) {
        // The chunk failed to load, the module has no startRecorder, or starting threw.
        if (live(gen)) {
          loading = null;
          held = [];
          fail(gen, error);
        }
        return;
      }
      const events = held;
      held = [];
      for (const [name, attributes] of events) safely(() => recorder?.trackEvent(name, attributes));
    },

    /**
     * Stops the recorder. `abort` (`stopRecording()`) while the module still loads sends what a
     * running recorder sends (the client-abort `/batch`, then the final `/metrics`, §14) once the
     * module is there, through the recorder's `abortRecorder`, without ever starting one (a
     * module that never arrives sends nothing: nothing was recorded).
     * The recorder is kept, so every stop reaches it (stopping twice is harmless): after a
     * `restart` it holds the capture for the next session, and any other stop ends that hold.
     * Without a reason (a halt, or a new session that is not sampled) it ends sending nothing.
     */
    _stop: (reason?: StopReason): void => {
      if (reason == 'abort') aborted = loading;
      loading = null;
      held = [];
      safely(() => recorder?.stop(reason));
    },

    /** An event as given (the recorder validates it): held while a recorder loads, or to the recorder. */
    _track(name: unknown, attributes: unknown): void {
      // Held events share the call queue's bound; far more than any page emits while loading.
      if (loading) {
        if (held.push([name, attributes]) > MAX_QUEUED_CALLS) {
          held.shift();
          log.warn('trackEvent: dropped, over 1000 events wait for the recorder to load');
        }
      } else safely(() => recorder?.trackEvent(name, attributes));
    },
  };
}
