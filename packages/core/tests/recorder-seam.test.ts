import { describe, expect, it } from 'vitest';
import type { RecorderModule } from '@milana-js/recorder';
import { createMilana } from '../src/client';
import { consoleLines, useHarness } from './helpers/harness';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO, flushMicrotasks, until } from './helpers/fixtures';

const h = useHarness();

/** A client of the harness server whose recorder module is `mod`. */
function clientWith(mod: Partial<RecorderModule>) {
  const client = createMilana({ loadRecorder: async () => mod as RecorderModule });
  h.clients.push(client);
  const init = () => client.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, { endpoint: h.server.url });
  return { client, init };
}

describe('the recorder seam', () => {
  it('starts the recorder with a host bound to the session id', async () => {
    const { init, fake } = h.make();
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    expect(fake.log.hosts[0]?.sessionId).toBe('sess_1');
  });

  it('gives the recorder the client logger, so its lines carry the Milana prefix', async () => {
    const { init, fake } = h.make();
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    fake.log.hosts[0]!.log.warn('w', 1);
    expect(consoleLines('warn')).toEqual(['Milana: w']);
  });

  it('holds events while the recorder loads and hands them over in order', async () => {
    const { client, init, fake } = h.make({ deferred: true });
    await init();
    client.trackEvent('one', { a: 1 });
    client.trackEvent('two');
    await flushMicrotasks();
    fake.release();
    await until(() => fake.log.events.length === 2, 'held events');
    client.trackEvent('three');
    await flushMicrotasks();
    expect(fake.log.events.map((e) => e[1])).toEqual(['one', 'two', 'three']);
  });

  it('holds at most 1000 events while loading, dropping the oldest with a warning', async () => {
    const { client, init, fake } = h.make({ deferred: true });
    await init();
    for (let i = 0; i < 1001; i++) client.trackEvent(`e${i}`);
    await flushMicrotasks();
    fake.release();
    await until(() => fake.log.events.length === 1000, 'held events');
    expect(fake.log.events[0]?.[1]).toBe('e1');
    expect(consoleLines('warn')).toEqual([
      'Milana: trackEvent: dropped, over 1000 events wait for the recorder to load',
    ]);
  });

  it('never starts a recorder that was stopped while its module loaded', async () => {
    const { client, init, fake } = h.make({ deferred: true });
    await init();
    client.trackEvent('held');
    await client.stopRecording();
    fake.release();
    await flushMicrotasks();
    expect(fake.log.hosts).toEqual([]);
    expect(fake.log.events).toEqual([]);
  });

  it('halts with one info line carrying the error when the recorder cannot be loaded', async () => {
    const { client, init } = h.make({ failLoad: true });
    await init();
    await until(() => client.getState().status === 'halted', 'halted');
    expect(consoleLines('info')).toEqual([
      'Milana: recording stopped (the recorder could not be loaded); identity calls still work',
    ]);
    const spy = console.info as unknown as { mock: { calls: unknown[][] } };
    expect((spy.mock.calls[0]?.[1] as Error).message).toBe('chunk failed to load');
  });

  it('halts when startRecorder throws or the module has none', async () => {
    const throwing = clientWith({
      startRecorder: () => {
        throw new Error('rrweb exploded');
      },
    });
    const empty = clientWith({});
    await throwing.init();
    await empty.init();
    await until(() => throwing.client.getState().status === 'halted', 'halted');
    await until(() => empty.client.getState().status === 'halted', 'halted');
  });

  it('stops the recorder once with the reason abort', async () => {
    const { client, init, fake } = h.make();
    await init();
    await until(() => fake.log.hosts.length === 1, 'recorder start');
    await client.stopRecording();
    await client.stopRecording();
    expect(fake.log.stops).toEqual([['sess_1', 'abort']]);
  });

  it('swallows a recorder whose stop or trackEvent throws, with a debug line each', async () => {
    let started = false;
    const { client, init } = clientWith({
      startRecorder: () => {
        started = true;
        return {
          trackEvent: () => {
            throw new Error('t');
          },
          stop: () => {
            throw new Error('s');
          },
        };
      },
    });
    await init();
    await until(() => started, 'recorder start');
    expect(() => client.trackEvent('x')).not.toThrow();
    expect(await client.stopRecording()).toEqual({ success: true });
    expect(consoleLines('debug').filter((l) => l === 'Milana: the recorder threw')).toHaveLength(2);
  });
});
