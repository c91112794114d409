import { describe, expect, it } from 'vitest';
import { startSession } from '../src/start-session';
import { useHarness } from './helpers/harness';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO } from './helpers/fixtures';

const h = useHarness();

function config(client: ReturnType<typeof h.make>['client']) {
  return {
    client,
    callerType: 'react' as const,
    productId: PRODUCT_ID,
    clientKey: CLIENT_KEY,
    sessionInfo: SESSION_INFO,
    options: { endpoint: h.server.url },
  };
}

describe('startSession', () => {
  it('shares one /session between starts made while the first is in flight', async () => {
    const { client } = h.make();
    const results = await Promise.all([startSession(config(client)), startSession(config(client))]);
    expect(results).toEqual([{ success: true }, { success: true }]);
    expect(h.server.requestsTo('/session')).toHaveLength(1);
    expect(h.server.requestsTo('/session')[0]?.headers['x-milana-caller-type']).toBe('react');
  });

  it('resolves { success: false } without a request while a session exists', async () => {
    const { client } = h.make();
    await startSession(config(client));
    expect(await startSession(config(client))).toEqual({ success: false });
    expect(h.server.requestsTo('/session')).toHaveLength(1);
  });

  it('starts a new session after stopRecording', async () => {
    const { client } = h.make();
    await startSession(config(client));
    await client.stopRecording();
    expect(await startSession(config(client))).toEqual({ success: true });
    expect(h.server.requestsTo('/session')).toHaveLength(2);
  });
});
