import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortRecorder } from '../../src/index.js';
import { fakeHost } from './fakes.js';

afterEach(() => void vi.useRealTimers());

/** `stopRecording()` while the recorder module loaded: the §14 requests, and nothing else. */
describe('abortRecorder', () => {
  it('sends the client-abort batch, then the final metrics, and leaves nothing running', async () => {
    vi.useFakeTimers();
    const observe = vi.spyOn(MutationObserver.prototype, 'observe');
    const h = fakeHost();
    abortRecorder(h.host);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.sent.map((r) => r.path)).toEqual(['/batch', '/metrics']);
    expect(h.batches()[0]?.json).toMatchObject({
      version: 1,
      isClientAbort: true,
      clientAbortReason: 'CLIENT_STOPPED',
      events: [],
    });
    expect(h.metrics()[0]?.json).toMatchObject({
      histograms: { numEventsInBuffer: 0 },
      counters: { numSessionsAbortedDueToBufferExceeded: 0 },
    });
    expect(h.batches()[0]?.options?.keepalive).not.toBe(true);
    // No capture ran, and no periodic send or metrics timer is left behind.
    expect(observe).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.sent).toHaveLength(2);
  });

  it('never throws into the page, even with a host whose send throws', () => {
    const h = fakeHost();
    h.host.send.mockImplementation(() => {
      throw new Error('broken host');
    });
    expect(() => abortRecorder(h.host)).not.toThrow();
  });
});
