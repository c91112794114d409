import { describe, expect, it } from 'vitest';
import type { RecorderHost, RecorderModule, StopReason } from '@milana-js/recorder';
import { createRecorderSlot } from '../../src/recorder-slot';
import { fakeLogger } from '../helpers/fake-logger';
import { flushMicrotasks } from '../helpers/fixtures';

/** A recorder module under the test's control: it arrives when `arrive()` (or `fail()`) runs. */
function controlledModule() {
  const seen = {
    starts: 0,
    events: [] as string[],
    stops: [] as (StopReason | undefined)[],
    aborts: 0,
  };
  const module: RecorderModule = {
    startRecorder: () => {
      seen.starts++;
      return {
        trackEvent: (name) => void seen.events.push(name as string),
        stop: (reason) => void seen.stops.push(reason),
      };
    },
    startCrossOriginIframeRecorder: () => undefined,
    abortRecorder: () => void seen.aborts++,
  };
  let arrive: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const loaded = new Promise<RecorderModule>((resolve, reject) => {
    arrive = () => resolve(module);
    fail = reject;
  });
  return { seen, loader: () => loaded, arrive, fail };
}

const host = { sessionId: 's' } as RecorderHost;

/** A module that has arrived, with the slot's recorder started from it. */
async function startedModule(slot: ReturnType<typeof createRecorderSlot>) {
  const mod = controlledModule();
  mod.arrive();
  await slot._start(mod.loader, host, 1);
  return mod;
}

function setup() {
  let liveGen = 1;
  const failures: unknown[] = [];
  const slot = createRecorderSlot(
    fakeLogger(),
    (gen) => gen === liveGen,
    (_gen, error) => void failures.push(error),
  );
  return { slot, failures, end: () => void liveGen++ };
}

describe('recorder slot (createRecorderSlot)', () => {
  it('starts the recorder once the module arrives and hands it the events held meanwhile', async () => {
    const { slot } = setup();
    const mod = controlledModule();
    const started = slot._start(mod.loader, host, 1);
    slot._track('early', {});
    mod.arrive();
    await started;
    slot._track('late', {});
    expect(mod.seen.starts).toBe(1);
    expect(mod.seen.events).toEqual(['early', 'late']);
  });

  it('drops events when no recorder runs or loads', () => {
    const { slot } = setup();
    const mod = controlledModule();
    slot._track('nowhere', {});
    mod.arrive();
    expect(mod.seen.events).toEqual([]);
  });

  it('never starts a recorder whose generation ended while the module loaded', async () => {
    const { slot, end } = setup();
    const mod = controlledModule();
    const started = slot._start(mod.loader, host, 1);
    slot._track('held', {});
    end();
    slot._stop('restart');
    mod.arrive();
    await started;
    expect(mod.seen.starts).toBe(0);
    expect(mod.seen.aborts).toBe(0);
  });

  it('sends the abort through abortRecorder when stopped with "abort" while loading (§14)', async () => {
    const { slot, end } = setup();
    const mod = controlledModule();
    const started = slot._start(mod.loader, host, 1);
    end();
    slot._stop('abort');
    expect(mod.seen.aborts).toBe(0);
    mod.arrive();
    await started;
    await flushMicrotasks();
    expect(mod.seen).toMatchObject({ starts: 0, aborts: 1 });
  });

  it('keeps the recorder after a stop, so every later stop reaches it (a halt without a reason)', async () => {
    const { slot } = setup();
    const mod = await startedModule(slot);
    slot._stop('restart');
    slot._stop('abort');
    slot._stop();
    // The real recorder ignores a stop after the first, except the end of a capture held for
    // the next session after a restart (§16).
    expect(mod.seen.stops).toEqual(['restart', 'abort', undefined]);
    expect(mod.seen.aborts).toBe(0);
  });

  it('holds events for a loading recorder, not for the one a restart stopped', async () => {
    const { slot } = setup();
    const first = await startedModule(slot);
    slot._stop('restart');
    const second = controlledModule();
    const started = slot._start(second.loader, host, 1);
    slot._track('while-loading', {});
    second.arrive();
    await started;
    expect(first.seen.events).toEqual([]);
    expect(second.seen.events).toEqual(['while-loading']);
  });

  it('ends a recorder held since a restart when the next start is stopped while loading', async () => {
    const { slot, end } = setup();
    const first = await startedModule(slot);
    slot._stop('restart');
    const second = controlledModule();
    const started = slot._start(second.loader, host, 1);
    end();
    slot._stop('abort');
    second.arrive();
    await started;
    await flushMicrotasks();
    expect(first.seen.stops).toEqual(['restart', 'abort']);
    // The new session's abort still goes out through the module (§14), with no capture started.
    expect(second.seen).toMatchObject({ starts: 0, aborts: 1 });
  });

  it('reports a failed load while live, and stays silent once the generation ended', async () => {
    const { slot, failures, end } = setup();
    const first = controlledModule();
    const started = slot._start(first.loader, host, 1);
    first.fail(new Error('chunk'));
    await started;
    expect(failures).toHaveLength(1);
    const second = controlledModule();
    const again = slot._start(second.loader, host, 1);
    end();
    second.fail(new Error('late'));
    await again;
    expect(failures).toHaveLength(1);
  });

  it('treats a loader that throws synchronously as a failed load', async () => {
    const { slot, failures } = setup();
    await slot._start(
      () => {
        throw new Error('sync');
      },
      host,
      1,
    );
    expect(failures).toHaveLength(1);
  });

  it('contains a throwing recorder', async () => {
    const { slot } = setup();
    const module = {
      startRecorder: () => ({
        trackEvent: () => {
          throw new Error('track');
        },
        stop: () => {
          throw new Error('stop');
        },
      }),
      startCrossOriginIframeRecorder: () => undefined,
    };
    await slot._start(() => Promise.resolve(module), host, 1);
    expect(() => slot._track('x', {})).not.toThrow();
    expect(() => slot._stop('abort')).not.toThrow();
  });
});
