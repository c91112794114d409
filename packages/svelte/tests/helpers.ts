import { expect, vi } from 'vitest';
import { countListeners, fakeRecorder, type FakeRecorder } from '@milana-js/test-server';
import { createMilana as createClient, type MilanaClient } from '@milana-js/core';
import { createMilana, type MilanaStore } from '../src/index';

export const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';
export const CLIENT_KEY = 'key_test';
export const SESSION_INFO = { environment: 'test', version: '1.0.0' };

/**
 * An isolated client whose session protocol goes to the real test server but whose recorder is a
 * fake, so rrweb never loads into the test DOM. `listeners()` counts the core listeners currently
 * registered through `listen`, to prove that the store releases what it takes.
 */
export function createTestClient(): {
  client: MilanaClient;
  recorder: FakeRecorder;
  listeners: () => number;
} {
  const { recorder, loadRecorder } = fakeRecorder();
  return { ...countListeners(createClient({ loadRecorder })), recorder };
}

/** Lets pending promise callbacks run (the core's queue and state updates are promise-based). */
export async function flushPromises(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** A store over `client` that sends to `endpoint` and waits for `initialize()`. */
export function deferredStore(client: MilanaClient, endpoint: string): MilanaStore {
  return createMilana({
    client,
    productId: PRODUCT_ID,
    clientKey: CLIENT_KEY,
    sessionInfo: SESSION_INFO,
    options: { endpoint },
    shouldDeferInitialization: true,
  });
}

/** A component compiled by Svelte 4: a class, destroyed with `$destroy()`. */
export interface Svelte4Component {
  $destroy(): void;
}

/** The constructor of a Svelte 4 component. */
export type Svelte4ComponentClass = new (options: {
  target: Element;
  props?: Record<string, unknown>;
}) => Svelte4Component;

/** Mounts a Svelte 4 component in a fresh element; `text(id)` reads a `data-testid` element. */
export function mountSvelte4(Component: Svelte4ComponentClass, props: Record<string, unknown>) {
  const target = document.createElement('div');
  document.body.append(target);
  const component = new Component({ target, props });
  const text = (id: string) => target.querySelector(`[data-testid="${id}"]`)?.textContent;
  return { component, target, text };
}

/**
 * Starts and then stops the session behind `milana` (made by {@link deferredStore}), checking at
 * each step that the client's status moved and that the rendered `status` and `ready` text
 * followed it: idle and not ready, then recording and ready, then stopped and not ready.
 */
export async function expectRenderFollowsSession(
  client: MilanaClient,
  milana: MilanaStore,
  rendered: { status: () => string | null | undefined; ready: () => string | null | undefined },
): Promise<void> {
  expect(rendered.ready()).toBe('false');
  expect(rendered.status()).toBe('idle');

  await milana.initialize();
  expect(client.getState().status).toBe('recording');
  await vi.waitFor(() => expect(rendered.status()).toBe('recording'));
  expect(rendered.ready()).toBe('true');

  await milana.stopRecording();
  expect(client.getState().status).toBe('stopped');
  await vi.waitFor(() => expect(rendered.status()).toBe('stopped'));
  expect(rendered.ready()).toBe('false');
}
