import { render, screen, waitFor } from '@testing-library/svelte';
import { get } from 'svelte/store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupTestServer } from '@milana-js/test-server';
import type { MilanaClient } from '@milana-js/core';
import { type MilanaStoreValue } from '../src/index';
import CurrentReader from './CurrentReader.svelte';
import LegacyReader from './LegacyReader.svelte';
import RunesReader from './RunesReader.svelte';
import { createTestClient, flushPromises, deferredStore } from './helpers';

const server = setupTestServer({ beforeAll, afterAll, beforeEach });

const deferred = (client: MilanaClient) => deferredStore(client, server().url);

describe('the Milana store', () => {
  it('calls a subscriber at once with the current value, then on every change', async () => {
    const { client } = createTestClient();
    const milana = deferred(client);
    const seen: MilanaStoreValue[] = [];
    const unsubscribe = milana.subscribe((value) => void seen.push(value));
    // The value is the MilanaState itself (api.md), still carrying `state` for existing readers.
    expect(seen).toEqual([{ ...client.getState(), state: client.getState() }]);

    await milana.initialize();
    await milana.identify({ userId: 'u_1', email: 'one@example.com' });
    const last = seen[seen.length - 1]!;
    expect(last.state).toBe(client.getState());
    expect(last.isInitialized).toBe(true);
    expect(last.state.user?.email).toBe('one@example.com');
    expect(last).toMatchObject({ status: 'recording', user: client.getState().user });
    expect(seen.map((v) => v.state.status)).toContain('initializing');
    unsubscribe();
  });

  it('keeps one value object per state snapshot', () => {
    const { client } = createTestClient();
    const milana = deferred(client);
    expect(get(milana)).toBe(get(milana));
    expect(milana.current).toBe(get(milana));
  });

  it('shares one core listener between subscribers and releases it with the last one', async () => {
    const { client, listeners } = createTestClient();
    const milana = deferred(client);
    expect(listeners()).toBe(0);
    const offs = [
      milana.subscribe(() => undefined),
      milana.subscribe(() => undefined),
      milana.subscribe(() => undefined),
    ];
    expect(listeners()).toBe(1);
    offs.pop()!();
    offs.pop()!();
    expect(listeners()).toBe(1);
    offs.pop()!();
    expect(listeners()).toBe(0);

    let calls = 0;
    const again = milana.subscribe(() => void calls++);
    again();
    await milana.initialize();
    await flushPromises();
    expect(calls).toBe(1);
    expect(listeners()).toBe(0);
  });

  it('updates a runes component and a legacy component, and releases every listener when they unmount', async () => {
    const { client, listeners } = createTestClient();
    const milana = deferred(client);
    const runes = render(RunesReader, { props: { milana } });
    const legacy = render(LegacyReader, { props: { milana } });
    expect(screen.getByTestId('runes-ready').textContent).toBe('waiting');
    expect(screen.getByTestId('legacy-ready').textContent).toBe('waiting');
    expect(listeners()).toBe(1);

    await milana.initialize();
    await waitFor(() => expect(screen.getByTestId('runes-ready').textContent).toBe('ready'));
    await waitFor(() => expect(screen.getByTestId('legacy-ready').textContent).toBe('ready'));
    expect(screen.getByTestId('legacy-status').textContent).toBe('recording');

    await milana.identify({ userId: 'u_2', email: 'two@example.com' });
    await waitFor(() =>
      expect(screen.getByTestId('runes-user').textContent).toBe('two@example.com'),
    );

    runes.unmount();
    legacy.unmount();
    expect(listeners()).toBe(0);
  });

  it('makes .current reactive in a runes module and releases it with the component', async () => {
    const { client, listeners } = createTestClient();
    const milana = deferred(client);
    const view = render(CurrentReader, { props: { milana } });
    expect(screen.getByTestId('current').textContent).toBe('waiting:idle');

    await milana.initialize();
    await waitFor(() => expect(screen.getByTestId('current').textContent).toBe('ready:recording'));
    await milana.stopRecording();
    await waitFor(() => expect(screen.getByTestId('current').textContent).toBe('waiting:stopped'));

    view.unmount();
    expect(listeners()).toBe(0);
    expect(milana.current.state).toBe(client.getState());
  });

  it('forwards each call to the client exactly as made', async () => {
    const { client, recorder } = createTestClient();
    const milana = deferred(client);
    await milana.initialize();
    expect(await milana.updateUser({ userId: 'u_3', name: 'Three' })).toEqual({ success: true });
    expect(await milana.updateSession({ appSessionId: 'app_1' })).toEqual({ success: true });
    expect(await milana.update({ session: { metadata: { tier: 'gold' } } })).toEqual({
      success: true,
    });
    milana.trackEvent('saved');
    milana.trackEvent('exported', { rows: 12 });
    await waitFor(() =>
      // The core forwards events as given; the recorder's §17.4 check turns no attributes into {}.
      expect(recorder.events).toEqual([
        { name: 'saved', attributes: undefined },
        { name: 'exported', attributes: { rows: 12 } },
      ]),
    );
    expect(client.getState().session).toMatchObject({
      appSessionId: 'app_1',
      metadata: { tier: 'gold' },
    });
    expect(milana.client).toBe(client);
  });
});
