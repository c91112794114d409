import { createMilana, type MilanaClient } from '@milana-js/core';

export const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';
export const CLIENT_KEY = 'key_test';
export const SESSION_INFO = { environment: 'test', version: '1.0.0' };

export interface FakeRecorder {
  events: { name: string; attributes: unknown }[];
}

/**
 * An isolated client whose session protocol goes to the real test server but whose recorder is a
 * fake, so rrweb never loads into the test DOM. `listeners()` counts the core listeners currently
 * registered through `listen`, to prove that bindings release what they take.
 */
export function createTestClient(): {
  client: MilanaClient;
  recorder: FakeRecorder;
  listeners: () => number;
} {
  const recorder: FakeRecorder = { events: [] };
  const loadRecorder = async () => ({
    startRecorder: () => ({
      trackEvent: (name: string, attributes: unknown) =>
        void recorder.events.push({ name, attributes }),
      stop: () => undefined,
    }),
    startCrossOriginIframeRecorder: () => undefined,
  });
  const inner = createMilana({ loadRecorder } as Parameters<typeof createMilana>[0]);
  let active = 0;
  const listen: MilanaClient['listen'] = (listener) => {
    const off = inner.listen(listener);
    active += 1;
    let released = false;
    return () => {
      if (!released) active -= 1;
      released = true;
      off();
    };
  };
  // The spread keeps the core's own symbol-keyed members, so caller types still reach the server.
  const client: MilanaClient = { ...inner, listen };
  return { client, recorder, listeners: () => active };
}

/** Lets pending promise callbacks run (the core's queue and state updates are promise-based). */
export async function flushPromises(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
