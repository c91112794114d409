import { describe, expect, it, vi } from 'vitest';
import { startContextLink } from '../../src/capture/context-link.js';
import type { EmittedEvent } from '../../src/capture/meta-href.js';
import { fakeLog } from '../capture/fake-log.js';

// The link loads the capture chunk with a dynamic import and holds its events until rrweb runs.
// Console capture of `info` is the probe: the test's console.info is a silent spy.

const CAPTURE = { capture: { console: { levels: ['info' as const] } } };
const payloads = (events: EmittedEvent[]) =>
  events.map((e) => (e.data as { payload: { payload: string[] } }).payload.payload[0]);

describe('startContextLink', () => {
  it('loads nothing and returns undefined when no capture is asked for', () => {
    expect(
      startContextLink(
        {},
        () => undefined,
        (u) => u,
        fakeLog(),
      ),
    ).toBeUndefined();
  });

  it('loads nothing for capture with every part off, or a capture option that throws', () => {
    const throwing = {
      get capture(): never {
        throw new Error('proxy');
      },
    };
    for (const options of [
      { capture: {} },
      { capture: { console: false, network: false } },
      throwing,
    ])
      expect(
        startContextLink(
          options,
          () => undefined,
          (u) => u,
          fakeLog(),
        ),
      ).toBeUndefined();
  });

  it('loads the chunk for a bad value, and the chunk logs the one Milana line', async () => {
    const log = fakeLog();
    const link = startContextLink(
      { capture: { errors: 'yes' } } as never,
      () => undefined,
      (u) => u,
      log,
    );
    expect(link).toBeDefined();
    await vi.waitFor(() => expect(log.warn).toHaveBeenCalledTimes(1));
    expect(log.warn.mock.calls[0]![0]).toBe(
      'init: options.capture.errors must be a boolean; error capture is off',
    );
    link!.stop();
  });

  it('holds events until rrweb runs, then emits them stamped no earlier than that moment', async () => {
    const spy = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const emitted: EmittedEvent[] = [];
    const link = startContextLink(
      CAPTURE,
      (e) => emitted.push(e),
      (u) => u,
      fakeLog(),
    )!;
    await vi.waitFor(() => expect(console.info).not.toBe(spy)); // the chunk arrived and patched
    console.info('early');
    expect(emitted).toEqual([]);
    const before = Date.now();
    link.flush();
    console.info('later');
    link.stop();
    console.info('after stop');
    expect(payloads(emitted)).toEqual(['"early"', '"later"']);
    expect(emitted.every((e) => e.type === 6 && e.timestamp >= before)).toBe(true);
    expect(console.info).toBe(spy); // restored
    expect(spy).toHaveBeenCalledTimes(3); // the page's console got every call
    spy.mockRestore();
  });

  it('never starts the capture when stopped before the chunk arrived', async () => {
    const spy = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const emitted: EmittedEvent[] = [];
    const link = startContextLink(
      CAPTURE,
      (e) => emitted.push(e),
      (u) => u,
      fakeLog(),
    )!;
    link.stop();
    await import('../../src/context/index.js');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(console.info).toBe(spy);
    link.flush();
    console.info('nobody listens');
    expect(emitted).toEqual([]);
    spy.mockRestore();
  });
});
