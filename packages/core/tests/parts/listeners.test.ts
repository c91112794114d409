import { describe, expect, it } from 'vitest';
import type { MilanaState } from '../../src/types';
import { createListeners } from '../../src/listeners';
import { INITIAL_STATE, nextState } from '../../src/state';
import { fakeLogger } from '../helpers/fake-logger';

const snap = (sessionId: string): MilanaState =>
  nextState(INITIAL_STATE, 'initializing', { sessionId });

describe('listener queue (createListeners)', () => {
  it('delivers nothing until the flush, then every snapshot in commit order', () => {
    const listeners = createListeners(fakeLogger());
    const seen: string[] = [];
    listeners._watch((s) => seen.push(s.sessionId ?? ''), false);
    listeners._queue(snap('a'));
    listeners._queue(snap('b'));
    expect(seen).toEqual([]);
    listeners._flush();
    expect(seen).toEqual(['a', 'b']);
    listeners._flush();
    expect(seen).toEqual(['a', 'b']);
  });

  it('delivers a change made by a listener after the current one, to every listener', () => {
    const listeners = createListeners(fakeLogger());
    const seen: string[] = [];
    // The first listener reacts to "a" with a commit of its own, as stopRecording() would.
    listeners._watch((s) => {
      seen.push(`1:${s.sessionId}`);
      if (s.sessionId === 'a') {
        listeners._queue(snap('b'));
        listeners._flush();
        // Nested: nothing was delivered yet, the outer flush goes on.
        seen.push('1:committed');
      }
    }, false);
    listeners._watch((s) => seen.push(`2:${s.sessionId}`), false);
    listeners._queue(snap('a'));
    listeners._flush();
    expect(seen).toEqual(['1:a', '1:committed', '2:a', '1:b', '2:b']);
  });

  it('drops what was queued for a listener that unsubscribes meanwhile', () => {
    const listeners = createListeners(fakeLogger());
    const seen: string[] = [];
    let off = (): void => undefined;
    listeners._watch(() => off(), false);
    off = listeners._watch((s) => seen.push(s.sessionId ?? ''), false);
    listeners._queue(snap('a'));
    listeners._flush();
    expect(seen).toEqual([]);
  });

  it('does not hand a new subscription the snapshots queued before it', () => {
    const listeners = createListeners(fakeLogger());
    listeners._queue(snap('a'));
    const seen: string[] = [];
    listeners._watch((s) => seen.push(s.sessionId ?? 'none'), snap('now'));
    listeners._flush();
    expect(seen).toEqual(['now']);
  });

  it('keeps delivering when a listener throws, with one debug line each time', () => {
    const log = fakeLogger();
    const listeners = createListeners(log);
    const seen: string[] = [];
    listeners._watch(() => {
      throw new Error('bad');
    }, false);
    listeners._watch((s) => seen.push(s.sessionId ?? ''), false);
    listeners._queue(snap('a'));
    listeners._queue(snap('b'));
    listeners._flush();
    expect(seen).toEqual(['a', 'b']);
    expect(log.debug).toHaveBeenCalledTimes(2);
    expect(log.debug.mock.calls[0]?.[0]).toBe('a state listener threw');
  });

  it('treats one function subscribed twice as two subscriptions', () => {
    const listeners = createListeners(fakeLogger());
    let calls = 0;
    const fn = (): void => void calls++;
    const off = listeners._watch(fn, false);
    listeners._watch(fn, false);
    off();
    listeners._queue(snap('a'));
    listeners._flush();
    expect(calls).toBe(1);
  });
});
