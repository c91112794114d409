import { describe, expect, it, vi } from 'vitest';
import { MAX_QUEUED_CALLS, QUEUED_CALL_TTL_MS } from '../src/session';
import { consoleLines, useHarness } from './helpers/harness';
import { flushMicrotasks, until } from './helpers/fixtures';

const h = useHarness();

function userIds(): string[] {
  return h.server
    .requestsTo('/update')
    .map((r) => (r.json as { user: { userId: string } }).user.userId);
}

describe('call queue', () => {
  it('replays held calls in call order when the session becomes ready', async () => {
    const { client, fake, init } = h.make();
    const calls = [client.updateUser({ userId: 'a' })];
    client.trackEvent('between');
    calls.push(client.updateUser({ userId: 'b' }), client.updateUser({ userId: 'c' }));
    await flushMicrotasks();
    expect(h.server.requests).toHaveLength(0);
    await init();
    expect(await Promise.all(calls)).toEqual(calls.map(() => ({ success: true })));
    expect(userIds()).toEqual(['a', 'b', 'c']);
    await until(() => fake.log.events.length === 1, 'the held event');
  });

  it('runs every held call exactly once, even when the session becomes ready again', async () => {
    const { client, fake, init } = h.make();
    // Refused, so nothing is confirmed and the restart has no identity to replay.
    h.server.enqueue('/update', { json: { success: false } });
    const identified = client.updateUser({ userId: 'a' });
    client.trackEvent('once');
    await init();
    expect(await identified).toEqual({ success: false });
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    fake.log.hosts[0]?.requestRestart();
    await until(() => fake.log.hosts.length === 2, 'second recorder');
    expect(userIds()).toEqual(['a']);
    expect(fake.log.events.map((e) => e[1])).toEqual(['once']);
  });

  it('settles the oldest call with a warning naming it when the bound is exceeded', async () => {
    const { client, init } = h.make();
    expect(MAX_QUEUED_CALLS).toBe(1000);
    const first = client.updateSession({ metadata: { n: 0 } });
    const second = client.updateSession({ metadata: { n: 1 } });
    for (let i = 2; i <= MAX_QUEUED_CALLS; i++) void client.updateSession({ metadata: { n: i } });
    expect(await first).toEqual({ success: false });
    const warnings = consoleLines('warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Milana: updateSession: dropped/);
    await init();
    expect(await second).toEqual({ success: true });
    expect(h.server.requestsTo('/update')).toHaveLength(1);
  });

  it('settles every held call without running it on stopRecording', async () => {
    const { client, fake, init } = h.make();
    const a = client.updateUser({ userId: 'a' });
    client.trackEvent('dropped');
    const b = client.updateSession({ appSessionId: 'b' });
    await client.stopRecording();
    expect(await Promise.all([a, b])).toEqual([{ success: false }, { success: false }]);
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    await flushMicrotasks();
    expect(h.server.requestsTo('/update')).toHaveLength(0);
    expect(fake.log.events).toEqual([]);
  });

  it('settles calls that waited longer than the time-to-live, with one info line', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    expect(QUEUED_CALL_TTL_MS).toBe(5 * 60 * 1000);
    const { client } = h.make();
    const seen: string[] = [];
    void client.updateUser({ userId: 'a' }).then((r) => seen.push(`a:${r.success}`));
    await vi.advanceTimersByTimeAsync(QUEUED_CALL_TTL_MS / 2);
    void client.updateUser({ userId: 'b' }).then((r) => seen.push(`b:${r.success}`));
    void client.updateUser({ userId: 'c' }).then((r) => seen.push(`c:${r.success}`));
    await vi.advanceTimersByTimeAsync(QUEUED_CALL_TTL_MS / 2);
    expect(seen).toEqual(['a:false']);
    expect(consoleLines('info').filter((l) => l.startsWith('Milana: 1 queued call'))).toHaveLength(
      1,
    );
    await vi.advanceTimersByTimeAsync(QUEUED_CALL_TTL_MS / 2);
    expect(seen).toEqual(['a:false', 'b:false', 'c:false']);
    expect(consoleLines('info').filter((l) => l.startsWith('Milana: 2 queued call'))).toHaveLength(
      1,
    );
  });

  it('has a pending timer only while something is queued', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { client } = h.make();
    expect(vi.getTimerCount()).toBe(0);
    const a = client.updateUser({ userId: 'a' });
    client.trackEvent('x');
    expect(vi.getTimerCount()).toBe(1);
    await client.stopRecording();
    expect(vi.getTimerCount()).toBe(0);
    expect(await a).toEqual({ success: false });
  });
});
