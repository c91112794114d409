import { createMilana, type MilanaClient } from '@milana-js/core';
import { countListeners, fakeRecorder, type FakeRecorder } from '@milana-js/test-server';

export const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';
export const CLIENT_KEY = 'key_test';
export const SESSION_INFO = { environment: 'test', version: '1.0.0' };

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
  const { recorder, loadRecorder } = fakeRecorder();
  return { ...countListeners(createMilana({ loadRecorder })), recorder };
}

/** Lets pending promise callbacks run (the core's queue and state updates are promise-based). */
export async function flushPromises(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
