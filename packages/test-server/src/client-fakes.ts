/** What the recorder of {@link fakeRecorder} was asked to do, in call order. */
export interface FakeRecorder {
  /** Every `trackEvent` call. */
  events: { name: string; attributes: unknown }[];
  /** The reason of every `stop` call (undefined: the core ended it without one, e.g. a halt). */
  stops: (string | undefined)[];
}

/**
 * The recorder module shape the SDK core's `loadRecorder` resolves to, reduced to what a fake
 * needs; it is assignable to the core's own `RecorderModule`.
 */
export interface FakeRecorderModule {
  startRecorder(): {
    trackEvent(name: string, attributes: unknown): void;
    stop(reason?: string): void;
  };
  startCrossOriginIframeRecorder(): void;
}

/**
 * A fake recorder for an SDK client under test: pass `loadRecorder` to the core's
 * `createMilana({ loadRecorder })`, so that the session protocol still goes to the test server
 * while rrweb never loads into the test DOM; `recorder` logs what the client asked of it.
 *
 * @example
 * ```ts
 * const { recorder, loadRecorder } = fakeRecorder();
 * const client = createMilana({ loadRecorder });
 * // ... once recording: client.trackEvent('clicked', { plan: 'pro' });
 * expect(recorder.events).toEqual([{ name: 'clicked', attributes: { plan: 'pro' } }]);
 * ```
 */
export function fakeRecorder(): {
  recorder: FakeRecorder;
  loadRecorder: () => Promise<FakeRecorderModule>;
} {
  const recorder: FakeRecorder = { events: [], stops: [] };
  const loadRecorder = (): Promise<FakeRecorderModule> =>
    Promise.resolve({
      startRecorder: () => ({
        trackEvent: (name, attributes) => void recorder.events.push({ name, attributes }),
        stop: (reason) => void recorder.stops.push(reason),
      }),
      startCrossOriginIframeRecorder: () => undefined,
    });
  return { recorder, loadRecorder };
}

/** Any client with the core's `listen(listener)`, which returns the function that removes it. */
export interface ListeningClient {
  listen(listener: never): () => void;
}

/**
 * A copy of `client` whose `listen` counts the listeners currently registered through it, to prove
 * that a binding releases what it takes: `listeners()` is that count. A removal that runs twice
 * counts once. The copy keeps the client's own symbol-keyed members (such as the core's hidden
 * caller-type method), so a binding's caller type still reaches the server.
 *
 * @example
 * ```ts
 * const { client, listeners } = countListeners(createMilana({ loadRecorder }));
 * const off = client.listen(() => undefined);
 * expect(listeners()).toBe(1);
 * off();
 * expect(listeners()).toBe(0);
 * ```
 */
export function countListeners<C extends ListeningClient>(
  client: C,
): { client: C; listeners: () => number } {
  let active = 0;
  const listen = (listener: Parameters<C['listen']>[0]): (() => void) => {
    const off = client.listen(listener);
    active += 1;
    let released = false;
    return () => {
      if (!released) active -= 1;
      released = true;
      off();
    };
  };
  return { client: { ...client, listen }, listeners: () => active };
}
