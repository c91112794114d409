import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@milana-js/test-server';
import type { RecorderModule } from '@milana-js/recorder';
import { createRecorderLink, type RecorderSignals } from '../src/recorder-link';
import { createTransport } from '../src/transport';
import { fakeLogger } from './helpers/fake-logger';
import { fakeRecorder } from './helpers/fake-recorder';
import { CLIENT_KEY, PRODUCT_ID, flushMicrotasks } from './helpers/fixtures';

function signals() {
  const seen: string[] = [];
  const s: RecorderSignals = {
    requestRestart: (id) => seen.push(`restart:${id}`),
    markNotSampled: (id, body) => seen.push(`not-sampled:${id}:${body}`),
    halt: (id, reason, ...error) =>
      seen.push(`halt:${id}:${reason}${error.length ? ':error' : ''}`),
  };
  return { s, seen };
}

function link(loader: () => Promise<RecorderModule>) {
  const log = fakeLogger();
  const sig = signals();
  const transport = createTransport(PRODUCT_ID, CLIENT_KEY, 'core', 'http://127.0.0.1:9');
  const l = createRecorderLink(loader, transport, {}, (u) => `clean:${u}`, log, sig.s);
  return { l, log, seen: sig.seen };
}

describe('createRecorderLink', () => {
  it('starts a recorder bound to the session id and forwards its signals with that id', async () => {
    const fake = fakeRecorder();
    const { l, seen } = link(fake.loader);
    await l._start('sess_a');
    const host = fake.log.hosts[0]!;
    expect(host.sessionId).toBe('sess_a');
    expect(host.sanitizeUrl('x')).toBe('clean:x');
    host.requestRestart();
    host.markNotSampled('sess_b');
    host.halt('event-too-large');
    expect(seen).toEqual([
      'restart:sess_a',
      'not-sampled:sess_a:sess_b',
      'halt:sess_a:event-too-large',
    ]);
  });

  it('gives the recorder the client logger, so its lines carry the Milana prefix', async () => {
    const fake = fakeRecorder();
    const { l, log } = link(fake.loader);
    await l._start('s');
    fake.log.hosts[0]!.log.warn('w', 1);
    fake.log.hosts[0]!.log.info('i');
    fake.log.hosts[0]!.log.debug('d');
    expect(log.warn).toHaveBeenCalledWith('w', 1);
    expect(log.info).toHaveBeenCalledWith('i');
    expect(log.debug).toHaveBeenCalledWith('d');
  });

  it('holds events while loading and hands them over in order', async () => {
    const fake = fakeRecorder({ deferred: true });
    const { l } = link(fake.loader);
    const started = l._start('s');
    l._track('one', { a: 1 });
    l._track('two', {});
    fake.release();
    await started;
    l._track('three', {});
    expect(fake.log.events.map((e) => e[1])).toEqual(['one', 'two', 'three']);
  });

  it('keeps at most 1000 held events, dropping the oldest with a warning', async () => {
    const fake = fakeRecorder({ deferred: true });
    const { l, log } = link(fake.loader);
    const started = l._start('s');
    for (let i = 0; i < 1001; i++) l._track(`e${i}`, {});
    fake.release();
    await started;
    expect(fake.log.events).toHaveLength(1000);
    expect(fake.log.events[0]?.[1]).toBe('e1');
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('ignores events when no recorder runs or loads', () => {
    const fake = fakeRecorder();
    const { l } = link(fake.loader);
    l._track('lost', {});
    expect(fake.log.events).toEqual([]);
  });

  it('never starts a recorder that was stopped while its module loaded', async () => {
    const fake = fakeRecorder({ deferred: true });
    const { l } = link(fake.loader);
    const started = l._start('s');
    l._track('held', {});
    l._stop('abort');
    fake.release();
    await started;
    expect(fake.log.hosts).toEqual([]);
    expect(fake.log.events).toEqual([]);
  });

  it('signals halt with the load error when the loader rejects, and holds no events afterwards', async () => {
    const fake = fakeRecorder();
    let attempts = 0;
    const { l, seen } = link(() =>
      ++attempts === 1 ? Promise.reject(new Error('chunk failed')) : fake.loader(),
    );
    await l._start('s');
    expect(seen).toEqual(['halt:s:the recorder could not be loaded:error']);
    // The failed start was forgotten: an event now is not held for a later recorder.
    l._track('lost', {});
    await l._start('s2');
    l._track('kept', {});
    expect(fake.log.events.map((e) => e[1])).toEqual(['kept']);
  });

  it('signals halt when startRecorder throws or the module has none', async () => {
    const throwing = link(async () => ({
      startRecorder: () => {
        throw new Error('rrweb exploded');
      },
      startCrossOriginIframeRecorder: () => undefined,
    }));
    await throwing.l._start('s1');
    const empty = link(async () => ({}) as RecorderModule);
    await empty.l._start('s2');
    expect(throwing.seen).toEqual(['halt:s1:the recorder could not be loaded:error']);
    expect(empty.seen).toEqual(['halt:s2:the recorder could not be loaded:error']);
  });

  it('passes the stop reason once and is idempotent', async () => {
    const fake = fakeRecorder();
    const { l } = link(fake.loader);
    await l._start('s');
    l._stop('restart');
    l._stop('restart');
    expect(fake.log.stops).toEqual([['s', 'restart']]);
  });

  it('swallows a recorder whose stop or trackEvent throws', async () => {
    const { l, log } = link(async () => ({
      startRecorder: () => ({
        trackEvent: () => {
          throw new Error('t');
        },
        stop: () => {
          throw new Error('s');
        },
      }),
      startCrossOriginIframeRecorder: () => undefined,
    }));
    await l._start('s');
    expect(() => l._track('x', {})).not.toThrow();
    expect(() => l._stop('abort')).not.toThrow();
    await flushMicrotasks();
    expect(log.debug).toHaveBeenCalledTimes(2);
  });

  it('reports a send to an unreachable server as not reached', async () => {
    const fake = fakeRecorder();
    const { l } = link(fake.loader);
    await l._start('s');
    expect(await fake.log.hosts[0]!.send('/metrics', '{}')).toEqual({
      reached: false,
      status: 0,
      json: undefined,
    });
  });

  describe('against a server', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.close());

    it('hands the recorder the JSON body of a non-2xx /batch answer so it can honour a restart', async () => {
      server.enqueue('/batch', {
        status: 409,
        json: { success: false, shouldRestartSession: true, errorCode: 'SESSION_CLOSED' },
      });
      const fake = fakeRecorder();
      const transport = createTransport(PRODUCT_ID, CLIENT_KEY, 'core', server.url);
      const l = createRecorderLink(fake.loader, transport, {}, (u) => u, fakeLogger(), signals().s);
      await l._start('sess_1');
      expect(
        await fake.log.hosts[0]!.send('/batch', '{"version":1,"batchStartedAt":1,"events":[]}'),
      ).toEqual({
        reached: true,
        status: 409,
        json: { success: false, shouldRestartSession: true, errorCode: 'SESSION_CLOSED' },
      });
      expect(server.requestsTo('/batch')[0]?.headers['x-milana-session-id']).toBe('sess_1');
      const { gzipSync } = await import('node:zlib');
      await fake.log.hosts[0]!.send('/batch', new Uint8Array(gzipSync('{"events":[]}')), {
        gzip: true,
        keepalive: true,
      });
      const gzipped = server.requestsTo('/batch')[1];
      expect(gzipped?.headers['content-encoding']).toBe('gzip');
      expect(gzipped?.headers['x-milana-session-id']).toBe('sess_1');
      expect(gzipped?.json).toEqual({ events: [] });
    });
  });
});
