// Issue 15 point 7, written as a 1.0.x app's test would check it: stopRecording() while the
// recorder chunk is still loading ends the session as the protocol says (§14).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMilana, type MilanaClient } from 'milana-js';
import { CLIENT_KEY, mockIngest, PRODUCT_ID, SESSION_INFO } from './ingest';

let milana: MilanaClient | undefined;
afterEach(async () => {
  await milana?.stopRecording();
  milana = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

describe('stopRecording() while the recorder is still loading (point 7)', () => {
  it('sends the client-abort /batch, then the final /metrics, and the recorder never starts', async () => {
    const { sent } = mockIngest();
    milana = createMilana();
    expect(await milana.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO)).toEqual({ success: true });
    // Sampled: status recording, and the recorder chunk is still being imported.
    expect(milana.getState().status).toBe('recording');
    expect(await milana.stopRecording()).toEqual({ success: true });
    await vi.waitFor(() =>
      expect(sent.map((request) => request.path)).toEqual(['/session', '/batch', '/metrics']),
    );
    expect(sent[1].body).toMatchObject({
      version: 1,
      isClientAbort: true,
      clientAbortReason: 'CLIENT_STOPPED',
      events: [],
    });
    expect(sent[2].body).toMatchObject({ version: 1, histograms: { numEventsInBuffer: 0 } });
    // The chunk arriving later must not start recording: a hidden page flushes nothing.
    await new Promise((resolve) => setTimeout(resolve, 300));
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => 'visible',
    });
    expect(sent).toHaveLength(3);
    expect(milana.getState().status).toBe('stopped');
  });
});
