import { describe, expect, it, vi } from 'vitest';
import { useHarness } from './helpers/harness';
import { until } from './helpers/fixtures';

/** §23: a failed `/update` resolves false at once and its changes are sent again later. */
const h = useHarness();

/** A recording client under fake timers without jitter (the waits are the schedule's values). */
async function ready() {
  const made = h.make();
  await made.init();
  await until(() => made.fake.log.hosts.length === 1, 'recorder start');
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  return made;
}

const updates = (): unknown[] => h.server.requestsTo('/update').map((r) => r.json);

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await h.idle();
}

describe('/update failure (§23)', () => {
  it.each([
    ['a network error', { networkError: true }],
    ['a 503', { status: 503, json: { success: false } }],
    ['a 429', { status: 429, body: 'slow down' }],
  ])(
    'resolves false at once on %s and sends the same changes again 1 s later',
    async (_w, fail) => {
      const { client } = await ready();
      h.server.enqueue('/update', fail);
      expect(await client.identify({ userId: 'u', email: 'u@x.y' })).toEqual({ success: false });
      expect(client.getState().user).toBeNull();
      await h.idle();
      await advance(999);
      expect(updates()).toHaveLength(1);
      await advance(1);
      expect(updates()).toEqual([
        { user: { userId: 'u', email: 'u@x.y' } },
        { user: { userId: 'u', email: 'u@x.y' } },
      ]);
      expect(client.getState().user).toEqual({ userId: 'u', email: 'u@x.y' });
    },
  );

  it('does not send again what the server refused (4xx, success false)', async () => {
    const { client } = await ready();
    h.server.enqueue(
      '/update',
      { status: 400, json: { success: false } },
      { json: { success: false } },
    );
    expect(await client.updateUser({ userId: 'a' })).toEqual({ success: false });
    expect(await client.updateUser({ userId: 'b' })).toEqual({ success: false });
    await advance(600_000);
    expect(updates()).toHaveLength(2);
  });

  it('retries at 1, 5, 15, 30, 60 s, then every 60 s, for 5 minutes', async () => {
    const { client } = await ready();
    h.server.setDefault('/update', { networkError: true });
    await client.updateSession({ metadata: { a: 1 } });
    await h.idle();
    const sentAt: number[] = [];
    for (let t = 0; t <= 400; t++) {
      const before = updates().length;
      await advance(1_000);
      if (updates().length > before) sentAt.push(t + 1);
    }
    expect(sentAt).toEqual([1, 6, 21, 51, 111, 171, 231, 291]);
    expect(client.getState().session).toBeNull();
  });

  it('puts unsent changes under the next call, whose newer values win', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', { networkError: true });
    await client.identify({ userId: 'u', email: 'old@x.y', metadata: { plan: 'a', seat: 1 } });
    expect(
      await client.updateUser({ userId: 'u', email: 'new@x.y', metadata: { plan: 'b' } }),
    ).toEqual({ success: true });
    expect(updates()[1]).toEqual({
      user: { userId: 'u', email: 'new@x.y', metadata: { plan: 'b', seat: 1 } },
    });
    expect(client.getState().user).toEqual({
      userId: 'u',
      email: 'new@x.y',
      metadata: { plan: 'b', seat: 1 },
    });
    await advance(120_000);
    expect(updates()).toHaveLength(2);
  });

  it('sends waiting changes to the session that follows a restart', async () => {
    const { client, fake } = await ready();
    h.server.enqueue('/update', { status: 502, body: '' });
    await client.updateSession({ appSessionId: 'wf' });
    await h.idle();
    fake.log.hosts[0]?.requestRestart();
    await h.idle();
    await advance(1_000);
    const last = h.server.requestsTo('/update').at(-1);
    expect(last?.json).toEqual({ session: { appSessionId: 'wf' } });
    expect(last?.headers['x-milana-session-id']).toBe('sess_2');
    expect(client.getState().session).toEqual({ appSessionId: 'wf' });
  });

  it('drops waiting changes on stopRecording()', async () => {
    const { client } = await ready();
    h.server.enqueue('/update', { networkError: true });
    await client.updateSession({ appSessionId: 'wf' });
    await h.idle();
    await client.stopRecording();
    await advance(600_000);
    expect(updates()).toHaveLength(1);
  });
});
