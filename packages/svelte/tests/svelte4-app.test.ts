import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupTestServer } from '@milana-js/test-server';
import { VERSION } from 'svelte/compiler';
import * as svelteStore from 'svelte/store';
import type { MilanaClient } from '@milana-js/core';
import { getMilana, type MilanaStore } from '../src/index';
import Svelte4AppChild from './Svelte4AppChild.svelte';
import Svelte4AppParent from './Svelte4AppParent.svelte';
import {
  expectRenderFollowsSession,
  createTestClient,
  deferredStore,
  mountSvelte4,
  type Svelte4ComponentClass,
} from './helpers';

// A pure Svelte 4 app: in the svelte4-app project `svelte` and every `svelte/...` specifier
// resolve to svelte@4.2.20 (the `svelte4` alias), for these components (compiled by the Svelte 4
// compiler) and for the package source alike, so setContext/getContext and `svelte/store` are
// Svelte 4's, exactly as in an app whose only Svelte is 4.

// svelte-check types these plain-JS components (the package tsconfig has `allowJs`) with Svelte 5's
// tooling; here they are Svelte 4 components, i.e. classes.
const Parent = Svelte4AppParent as unknown as Svelte4ComponentClass;
const Child = Svelte4AppChild as unknown as Svelte4ComponentClass;

const server = setupTestServer({ beforeAll, afterAll, beforeEach });
afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

const deferred = (client: MilanaClient) => deferredStore(client, server().url);

const mountApp = (milana: MilanaStore) => mountSvelte4(Parent, { milana });

describe('the Milana store in a pure Svelte 4 app', () => {
  it('resolves svelte and svelte/... to svelte@4.2.20, whose store has no fromStore', () => {
    expect(VERSION).toBe('4.2.20');
    expect(Reflect.get(svelteStore, 'fromStore')).toBeUndefined();
    expect(typeof svelteStore.readable).toBe('function');
  });

  it('passes the store from a parent calling setMilanaContext to a child calling getMilana, which follows the session', async () => {
    const { client, listeners } = createTestClient();
    const milana = deferred(client);
    const { component, target, text } = mountApp(milana);
    expect(text('app-mounted')).toBe('true'); // onMount ran: Svelte 4's browser runtime
    expect(listeners()).toBe(1);
    await expectRenderFollowsSession(client, milana, {
      status: () => text('app-status'),
      ready: () => text('app-ready'),
    });

    component.$destroy();
    expect(listeners()).toBe(0);
    expect(target.innerHTML).toBe('');
  });

  // Keep this before any component throws during initialisation: Svelte 4 then leaves that
  // component as its current one, and a later getMilana() outside a component finds its (empty)
  // context instead of throwing Svelte's "outside component initialization" error.
  it('getMilana throws the clear error outside component initialisation', () => {
    expect(() => getMilana()).toThrow(
      /^Milana: getMilana\(\) must be called while a component initialises/,
    );
  });

  it('getMilana throws the clear error when no parent set the context', () => {
    const target = document.createElement('div');
    document.body.append(target);
    expect(() => new Child({ target })).toThrow(/^Milana: getMilana\(\) found no Milana store/);
  });

  it('reads .current as a plain getter that returns the latest value without subscribing', async () => {
    const { client, listeners } = createTestClient();
    const milana = deferred(client);
    expect(milana.current.state.status).toBe('idle');
    expect(milana.current.isInitialized).toBe(false);

    await milana.initialize();
    expect(milana.current.state.status).toBe('recording');
    expect(milana.current.isInitialized).toBe(true);
    expect(milana.current.state).toBe(client.getState());
    expect(listeners()).toBe(0); // reading it took no core listener

    const { component, target, text } = mountApp(milana);
    expect(listeners()).toBe(1);
    expect(milana.current).toBe(svelteStore.get(milana)); // the store's own value object
    await milana.stopRecording();
    await vi.waitFor(() => expect(text('app-status')).toBe('stopped'));
    // Read once at initialisation, not reactive by itself under Svelte 4 ...
    expect(text('app-current')).toBe('recording');
    // ... and fresh whenever it is read again.
    target.querySelector<HTMLButtonElement>('[data-testid="app-read-current"]')!.click();
    await vi.waitFor(() => expect(text('app-current')).toBe('stopped'));

    component.$destroy();
    expect(listeners()).toBe(0);
  });
});
