import { vi, type Mock } from 'vitest';
import type {
  MilanaCustomPayload,
  RecorderHost,
  RecorderOptions,
  SendOptions,
  SendOutcome,
} from '../../src/host.js';
import type {
  CapturedEvent,
  CapturePort,
  CapturePortOptions,
} from '../../src/pipeline/capture-port.js';

/** One call of `host.send`, with a way to answer it later. */
export interface SentRequest {
  path: '/batch' | '/metrics';
  body: string | Uint8Array;
  options: SendOptions | undefined;
  /** The body as text (gzip bodies stay undecoded; see `text`). */
  text: string;
  json: any;
  answer(outcome: SendOutcome): void;
  settled: boolean;
}

export const OK_BATCH: SendOutcome = {
  reached: true,
  status: 200,
  json: { success: true, sessionId: 's1', messageId: 'm' },
};
export const OK_METRICS: SendOutcome = { reached: true, status: 200, json: undefined };
export const SERVER_ERROR: SendOutcome = { reached: true, status: 500, json: undefined };

type LogFn = (message: string, ...details: unknown[]) => void;

/** The fake host with its mocks exposed, and the requests it saw. */
export interface FakeHost {
  host: RecorderHost & {
    log: { debug: Mock<LogFn>; info: Mock<LogFn>; warn: Mock<LogFn> };
    requestRestart: Mock<() => void>;
    markNotSampled: Mock<(sessionId: string) => void>;
    halt: Mock<RecorderHost['halt']>;
    send: Mock<RecorderHost['send']>;
  };
  log: FakeHost['host']['log'];
  control: { autoAnswer: ((req: SentRequest) => SendOutcome | null) | null };
  sent: SentRequest[];
  batches(): SentRequest[];
  metrics(): SentRequest[];
}

/**
 * A host that records every send. By default each send is answered at once with a success; set
 * `autoAnswer` to a function (or `null` to hold every answer) to script answers.
 */
export function fakeHost(options: RecorderOptions = {}): FakeHost {
  const sent: SentRequest[] = [];
  const log = { debug: vi.fn<LogFn>(), info: vi.fn<LogFn>(), warn: vi.fn<LogFn>() };
  const control = {
    autoAnswer: ((req: SentRequest): SendOutcome | null =>
      req.path === '/batch' ? OK_BATCH : OK_METRICS) as
      ((req: SentRequest) => SendOutcome | null) | null,
  };
  const host = {
    options,
    sessionId: 's1',
    log,
    sanitizeUrl: (url: string) => url,
    requestRestart: vi.fn<() => void>(),
    markNotSampled: vi.fn<(sessionId: string) => void>(),
    halt: vi.fn<RecorderHost['halt']>(),
    send: vi.fn((path: '/batch' | '/metrics', body: string | Uint8Array, opts?: SendOptions) => {
      return new Promise<SendOutcome>((resolve) => {
        const text = typeof body === 'string' ? body : '';
        const req: SentRequest = {
          path,
          body,
          options: opts,
          text,
          json: text === '' ? undefined : JSON.parse(text),
          settled: false,
          answer: (outcome) => {
            if (req.settled) return;
            req.settled = true;
            resolve(outcome);
          },
        };
        opts?.signal?.addEventListener('abort', () =>
          req.answer({ reached: false, status: 0, json: undefined }),
        );
        sent.push(req);
        const auto = control.autoAnswer?.(req) ?? null;
        if (auto) req.answer(auto);
      });
    }),
  } satisfies RecorderHost;
  return {
    host,
    log,
    control,
    sent,
    batches: () => sent.filter((r) => r.path === '/batch'),
    metrics: () => sent.filter((r) => r.path === '/metrics'),
  };
}

/**
 * A capture that emits only what the test tells it to, and records custom events. With
 * `renewable` it can begin again after a restart like the rrweb one: a Meta and full snapshot,
 * then a `load` URL event.
 */
export function fakeCapture({ renewable = false } = {}) {
  const state = {
    options: null as CapturePortOptions | null,
    custom: [] as MilanaCustomPayload[],
    /** Custom events the capture holds until rrweb would run (see `hold`). */
    held: [] as MilanaCustomPayload[],
    stops: 0,
    snapshots: 0,
    renews: 0,
    clock: 1_000,
  };
  const start = (o: CapturePortOptions): CapturePort => {
    state.options = o;
    return {
      started: true,
      addCustomEvent: (payload) => {
        state.custom.push(payload);
        // Like rrweb once running: a custom event becomes a type-5 event emitted synchronously.
        o.emit({ type: 5, data: { tag: 'V', payload }, timestamp: Date.now() });
      },
      flushPending: () => {
        for (const payload of state.held.splice(0)) {
          o.emit({ type: 5, data: { tag: 'V', payload }, timestamp: Date.now() });
        }
      },
      takeFullSnapshot: () => {
        state.snapshots++;
        o.emit({ type: 2, data: { snapshot: state.snapshots }, timestamp: Date.now() });
      },
      stop: () => {
        state.stops++;
      },
      ...(renewable && {
        renew: () => {
          state.renews++;
          o.emit({ type: 4, data: { href: 'https://app.test/' }, timestamp: Date.now() });
          o.emit({ type: 2, data: { renew: state.renews }, timestamp: Date.now() });
          const load = { type: 2, name: 'load', attributes: { url: 'https://app.test/' } } as const;
          o.emit({ type: 5, data: { tag: 'V', payload: load }, timestamp: Date.now() });
        },
      }),
    };
  };
  const emit = (event: CapturedEvent): void => state.options?.emit(event);
  /** Emit an incremental event whose JSON is exactly `chars` long. */
  const emitSized = (chars: number, timestamp = Date.now()): CapturedEvent => {
    const bare = JSON.stringify({ type: 3, data: { t: '' }, timestamp });
    const event = { type: 3, data: { t: 'x'.repeat(chars - bare.length) }, timestamp };
    emit(event);
    return event;
  };
  return { start, state, emit, emitSized };
}

/** Run every timer due within `ms` and the promise callbacks they unblock. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}
