import type { Recorder, RecorderHost, RecorderModule, StopReason } from '@milana-js/recorder';

/** What a fake recorder saw, for assertions. */
export interface FakeRecorderLog {
  /** Every host a recorder was started with, in order. */
  hosts: RecorderHost[];
  /** `trackEvent` calls as [sessionId, name, attributes]. */
  events: Array<[string, unknown, unknown]>;
  /**
   * `stop` calls that did something, as [sessionId, reason]: the first one, and after a `restart`
   * (whose recorder holds its capture for the next session, like the real one) the next one too.
   */
  stops: Array<[string, StopReason | undefined]>;
  loads: number;
  iframeStarts: number;
  /** Sessions whose abort was sent through `abortRecorder` (stopped while loading). */
  aborts: string[];
}

/** Options of {@link fakeRecorder}. */
export interface FakeRecorderOptions {
  /** Make the loader fail. */
  failLoad?: boolean;
  /** Hold the loader until `release()` is called. */
  deferred?: boolean;
  /** Send the abort batch and final metrics on `stop('abort')`, like the real recorder (§14). */
  sendOnAbort?: boolean;
}

/**
 * A recorder module for core tests: records how the core drives it through the seam and, on
 * `stop('abort')`, sends the client-abort batch and the final metrics like the real one.
 */
export function fakeRecorder(options: FakeRecorderOptions = {}) {
  const log: FakeRecorderLog = {
    hosts: [],
    events: [],
    stops: [],
    loads: 0,
    iframeStarts: 0,
    aborts: [],
  };
  let release: () => void = () => undefined;
  const gate = options.deferred
    ? new Promise<void>((resolve) => (release = resolve))
    : Promise.resolve();

  /** The client-abort batch, then the final metrics, like the real recorder (§14). */
  const sendAbort = (host: RecorderHost): void => {
    const body = JSON.stringify({
      version: 1,
      batchStartedAt: 1,
      isClientAbort: true,
      clientAbortReason: 'CLIENT_STOPPED',
      events: [],
    });
    void host.send('/batch', body).then(() =>
      host.send(
        '/metrics',
        JSON.stringify({
          version: 1,
          clientTimestamp: 1,
          histograms: { numEventsInBuffer: 0 },
          counters: { numSessionsAbortedDueToBufferExceeded: 0 },
        }),
      ),
    );
  };

  const module: RecorderModule = {
    startRecorder(host: RecorderHost): Recorder {
      log.hosts.push(host);
      let last: StopReason | undefined | null = null;
      return {
        trackEvent: (name, attributes) =>
          void (last === null && log.events.push([host.sessionId, name, attributes])),
        stop: (reason) => {
          if (last !== null && last !== 'restart') return;
          last = reason;
          log.stops.push([host.sessionId, reason]);
          if (reason === 'abort' && options.sendOnAbort === true) sendAbort(host);
        },
      };
    },
    startCrossOriginIframeRecorder: () => void log.iframeStarts++,
    abortRecorder: (host) => {
      log.aborts.push(host.sessionId);
      if (options.sendOnAbort === true) sendAbort(host);
    },
  };

  const loader = async (): Promise<RecorderModule> => {
    log.loads++;
    await gate;
    if (options.failLoad) throw new Error('chunk failed to load');
    return module;
  };
  return { log, loader, release: () => release(), module };
}
