import { render, screen, waitFor } from '@testing-library/svelte';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupTestServer } from '@milana-js/test-server';
import { getMilana } from '../src/index';
import ContextChild from './ContextChild.svelte';
import MilanaApp from './MilanaApp.svelte';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO, createTestClient } from './helpers';

const server = setupTestServer({ beforeAll, afterAll, beforeEach });

describe('setMilanaContext and getMilana', () => {
  it('pass the store down to a child that follows the session', async () => {
    const { client, listeners } = createTestClient();
    const view = render(MilanaApp, {
      props: {
        config: {
          client,
          productId: PRODUCT_ID,
          clientKey: CLIENT_KEY,
          sessionInfo: SESSION_INFO,
          options: { endpoint: server().url },
        },
      },
    });
    await waitFor(() => expect(screen.getByTestId('child-ready').textContent).toBe('ready'));
    expect(screen.getByTestId('child-status').textContent).toBe('recording');
    await client.identify({ userId: 'u_ctx', email: 'ctx@example.com' });
    await waitFor(() =>
      expect(screen.getByTestId('child-user').textContent).toBe('ctx@example.com'),
    );
    view.unmount();
    expect(listeners()).toBe(0);
  });

  it('getMilana throws a clear error when no parent set the context', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(ContextChild)).toThrow(/^Milana: getMilana\(\) found no Milana store/);
    vi.restoreAllMocks();
  });

  it('getMilana throws a clear error outside component initialisation', () => {
    expect(() => getMilana()).toThrow(
      /^Milana: getMilana\(\) must be called while a component initialises/,
    );
  });
});
