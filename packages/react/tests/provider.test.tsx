import { useEffect } from 'react';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDefaultClient, type MilanaClient, type Result } from '@milana-js/core';
import { setupTestServer } from '@milana-js/test-server';
import { MilanaProvider, useMilana, type MilanaContextValue } from '../src/index';
import { CLIENT_KEY, MODES, PRODUCT_ID, SESSION_INFO, createTestClient } from './helpers';

const server = setupTestServer({ beforeAll, afterAll, beforeEach });
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** Exposes the hook's value to the test and shows `isInitialized` in the DOM. */
function Probe({ onValue }: { onValue?: (value: MilanaContextValue) => void }) {
  const milana = useMilana();
  onValue?.(milana);
  return <p data-testid="ready">{String(milana.isInitialized)}</p>;
}

/** A request after the session is ready: anything the provider sent earlier has arrived by its answer. */
async function roundTrip(client: MilanaClient): Promise<void> {
  expect(await client.updateSession({ metadata: { probe: Date.now() } })).toEqual({
    success: true,
  });
}

describe.each(MODES)('MilanaProvider $mode', ({ wrap }) => {
  function renderProvider(
    client: MilanaClient,
    extra: { shouldDeferInitialization?: boolean; onValue?: (v: MilanaContextValue) => void } = {},
  ) {
    return render(
      wrap(
        <MilanaProvider
          client={client}
          productId={PRODUCT_ID}
          clientKey={CLIENT_KEY}
          sessionInfo={{ ...SESSION_INFO }}
          options={{ endpoint: server().url }}
          shouldDeferInitialization={extra.shouldDeferInitialization}
        >
          <Probe onValue={extra.onValue} />
        </MilanaProvider>,
      ),
    );
  }

  it('opens exactly one /session with caller type react', async () => {
    const { client } = createTestClient();
    renderProvider(client);
    await waitFor(() => expect(screen.getByTestId('ready').textContent).toBe('true'));
    await roundTrip(client);
    const sessions = server().requestsTo('/session');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.headers['x-milana-caller-type']).toBe('react');
  });

  it('keeps the one session when the provider unmounts and mounts again', async () => {
    const { client } = createTestClient();
    const first = renderProvider(client);
    await waitFor(() => expect(client.getState().isInitialized).toBe(true));
    first.unmount();
    renderProvider(client);
    expect(screen.getByTestId('ready').textContent).toBe('true');
    await roundTrip(client);
    expect(server().requestsTo('/session')).toHaveLength(1);
  });

  it('does not restart a stopped session when the provider mounts again', async () => {
    const { client } = createTestClient();
    const first = renderProvider(client);
    await waitFor(() => expect(client.getState().isInitialized).toBe(true));
    await act(async () => {
      await client.stopRecording();
    });
    first.unmount();
    renderProvider(client);
    await act(async () => {});
    expect(client.getState().status).toBe('stopped');
    expect(screen.getByTestId('ready').textContent).toBe('false');
    expect(server().requestsTo('/session')).toHaveLength(1);
  });

  it('delivers an identify made before init once the session has started', async () => {
    const { client } = createTestClient();
    const results: Promise<Result>[] = [];
    // A child's effect runs before its provider's, so this identify precedes the session start.
    function IdentifyOnMount() {
      const { identify } = useMilana();
      useEffect(() => {
        if (results.length === 0)
          results.push(identify({ userId: 'u_1', email: 'u1@example.com' }));
      }, [identify]);
      return null;
    }
    render(
      wrap(
        <MilanaProvider
          client={client}
          productId={PRODUCT_ID}
          clientKey={CLIENT_KEY}
          sessionInfo={SESSION_INFO}
          options={{ endpoint: server().url }}
        >
          <IdentifyOnMount />
        </MilanaProvider>,
      ),
    );
    expect(await results[0]).toEqual({ success: true });
    const [session] = server().requestsTo('/session');
    const [update] = server().requestsTo('/update');
    expect(update!.seq).toBeGreaterThan(session!.seq);
    expect(JSON.stringify(update!.json)).toContain('u_1');
    expect(server().requestsTo('/session')).toHaveLength(1);
  });

  it('waits for initialize() when initialization is deferred', async () => {
    const { client } = createTestClient();
    let milana: MilanaContextValue | undefined;
    renderProvider(client, { shouldDeferInitialization: true, onValue: (v) => (milana = v) });
    await act(async () => {});
    expect(client.getState().status).toBe('idle');
    expect(screen.getByTestId('ready').textContent).toBe('false');
    expect(server().requests).toHaveLength(0);

    let result: Result | undefined;
    await act(async () => {
      result = await milana!.initialize();
    });
    expect(result).toEqual({ success: true });
    expect(screen.getByTestId('ready').textContent).toBe('true');
    expect(server().requestsTo('/session')).toHaveLength(1);
    expect(server().requestsTo('/session')[0]!.headers['x-milana-caller-type']).toBe('react');
  });

  it('starts only one session when initialize() is called again', async () => {
    const { client } = createTestClient();
    let milana: MilanaContextValue | undefined;
    renderProvider(client, { shouldDeferInitialization: true, onValue: (v) => (milana = v) });
    let results: Result[] = [];
    await act(async () => {
      results = await Promise.all([milana!.initialize(), milana!.initialize()]);
    });
    expect(results).toEqual([{ success: true }, { success: true }]);
    let later: Result | undefined;
    await act(async () => {
      later = await milana!.initialize();
    });
    expect(later).toEqual({ success: false });
    await roundTrip(client);
    expect(server().requestsTo('/session')).toHaveLength(1);
  });

  it('starts a new session when initialize() runs after stopRecording()', async () => {
    const { client, recorder } = createTestClient();
    let milana: MilanaContextValue | undefined;
    renderProvider(client, { onValue: (v) => (milana = v) });
    await waitFor(() => expect(screen.getByTestId('ready').textContent).toBe('true'));
    const firstId = client.getState().sessionId;

    await act(async () => {
      expect(await milana!.stopRecording()).toEqual({ success: true });
    });
    expect(screen.getByTestId('ready').textContent).toBe('false');
    expect(recorder.stops).toEqual(['abort']);

    await act(async () => {
      expect(await milana!.initialize()).toEqual({ success: true });
    });
    expect(screen.getByTestId('ready').textContent).toBe('true');
    expect(server().requestsTo('/session')).toHaveLength(2);
    expect(client.getState().sessionId).not.toBe(firstId);
  });

  it('ignores later prop changes with one warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { client } = createTestClient();
    const tree = (productId: string, version: string) =>
      wrap(
        <MilanaProvider
          client={client}
          productId={productId}
          clientKey={CLIENT_KEY}
          sessionInfo={{ environment: 'test', version }}
          options={{ endpoint: server().url }}
        >
          <Probe />
        </MilanaProvider>,
      );
    const view = render(tree(PRODUCT_ID, '1.0.0'));
    await waitFor(() => expect(client.getState().isInitialized).toBe(true));
    view.rerender(tree(PRODUCT_ID, '1.0.0')); // equal content in a new object: not a change
    expect(warn).not.toHaveBeenCalled();

    view.rerender(tree('prd_01HZX3K9V2M7Q8R4T6Y1W5N0ZZ', '2.0.0'));
    view.rerender(tree('prd_01HZX3K9V2M7Q8R4T6Y1W5N0YY', '3.0.0'));
    const milanaLines = warn.mock.calls.filter(([line]) => String(line).startsWith('Milana: '));
    expect(milanaLines).toHaveLength(1);
    expect(milanaLines[0]![0]).toContain(
      'MilanaProvider: productId, sessionInfo changed after mount and is ignored',
    );

    await roundTrip(client);
    const sessions = server().requestsTo('/session');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.headers['x-milana-product-id']).toBe(PRODUCT_ID);
  });
});

describe.each(MODES)('MilanaProvider consent $mode', ({ wrap }) => {
  const tree = (client: MilanaClient, consent: 'pending' | 'granted' | 'denied') =>
    wrap(
      <MilanaProvider
        client={client}
        productId={PRODUCT_ID}
        clientKey={CLIENT_KEY}
        sessionInfo={{ ...SESSION_INFO }}
        options={{ endpoint: server().url }}
        consent={consent}
      >
        <Probe />
      </MilanaProvider>,
    );

  it('waits while the consent prop is pending and honours its change to granted, without a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { client } = createTestClient();
    const view = render(tree(client, 'pending'));
    await waitFor(() => expect(client.getState().status).toBe('awaiting-consent'));
    const held = client.identify({ userId: 'u_1', email: 'u1@example.org' });
    view.rerender(tree(client, 'pending'));
    expect(server().requests).toHaveLength(0);
    view.rerender(tree(client, 'granted'));
    await waitFor(() => expect(screen.getByTestId('ready').textContent).toBe('true'));
    expect(await held).toEqual({ success: true });
    expect(server().requestsTo('/session')).toHaveLength(1);
    expect(server().requestsTo('/session')[0]!.headers['x-milana-caller-type']).toBe('react');
    expect(server().requestsTo('/update')[0]!.json).toEqual({
      user: { userId: 'u_1', email: 'u1@example.org' },
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('stops the session when the consent prop changes to denied; setConsent comes from useMilana()', async () => {
    const { client } = createTestClient();
    let milana: MilanaContextValue | undefined;
    const view = render(
      wrap(
        <MilanaProvider
          client={client}
          productId={PRODUCT_ID}
          clientKey={CLIENT_KEY}
          sessionInfo={{ ...SESSION_INFO }}
          options={{ endpoint: server().url }}
          consent="pending"
        >
          <Probe onValue={(v) => (milana = v)} />
        </MilanaProvider>,
      ),
    );
    await waitFor(() => expect(client.getState().status).toBe('awaiting-consent'));
    act(() => milana!.setConsent('granted'));
    await waitFor(() => expect(screen.getByTestId('ready').textContent).toBe('true'));
    view.rerender(tree(client, 'denied'));
    await waitFor(() => expect(client.getState().status).toBe('stopped'));
    expect(screen.getByTestId('ready').textContent).toBe('false');
    expect(server().requestsTo('/session')).toHaveLength(1);
  });
});

describe('MilanaProvider without a client prop', () => {
  it('starts the page default client, which the core named exports share', async () => {
    // Not sampled, so the default loader never brings the real recorder into the test DOM.
    server().setDefault('/session', { json: { sampled: false, sessionId: 'sess_default' } });
    render(
      <MilanaProvider
        productId={PRODUCT_ID}
        clientKey={CLIENT_KEY}
        sessionInfo={SESSION_INFO}
        options={{ endpoint: server().url }}
      >
        <Probe />
      </MilanaProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('ready').textContent).toBe('true'));
    expect(getDefaultClient().getState()).toMatchObject({
      status: 'not-sampled',
      sessionId: 'sess_default',
    });
    expect(server().requestsTo('/session')).toHaveLength(1);
    await act(async () => {
      await getDefaultClient().stopRecording();
    });
    expect(screen.getByTestId('ready').textContent).toBe('false');
  });
});
