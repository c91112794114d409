import { StrictMode, type ReactNode } from 'react';
import { createMilana, type MilanaClient } from '@milana-js/core';
import { fakeRecorder, type FakeRecorder } from '@milana-js/test-server';

export const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';
export const CLIENT_KEY = 'key_test';
export const SESSION_INFO = { environment: 'test', version: '1.0.0' };

/** Both render modes every React suite runs in. */
export const MODES = [
  { mode: 'without StrictMode', wrap: (node: ReactNode) => node },
  { mode: 'under StrictMode', wrap: (node: ReactNode) => <StrictMode>{node}</StrictMode> },
] as const;

/**
 * An isolated client whose recorder is a fake: the session protocol goes to the real test server,
 * but rrweb is never loaded into the test DOM.
 */
export function createTestClient(): { client: MilanaClient; recorder: FakeRecorder } {
  const { recorder, loadRecorder } = fakeRecorder();
  return { client: createMilana({ loadRecorder }), recorder };
}
