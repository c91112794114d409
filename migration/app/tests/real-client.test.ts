// The calls a 1.0.x app makes, against the real client with `fetch` mocked: what goes out.
import { afterEach, expect, it, vi } from 'vitest';
import { createMilana, type MilanaClient } from 'milana-js';
import { CLIENT_KEY, flushRecording, mockIngest, PRODUCT_ID, SESSION_INFO } from './ingest';

let milana: MilanaClient | undefined;
afterEach(async () => {
  await milana?.stopRecording();
  sessionStorage.clear();
});

it('starts a session and sends identity calls to /update', async () => {
  const { sent } = mockIngest({ session: { sampled: false, sessionId: 'ses_1' } });
  milana = createMilana();
  expect(await milana.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO)).toEqual({ success: true });
  expect(await milana.identify({ userId: 'u_1042', email: 'dana@example.org' })).toEqual({
    success: true,
  });
  expect(sent.map((r) => r.path)).toEqual(['/session', '/update']);
  expect(sent[0].body).toEqual(SESSION_INFO);
  expect(sent[1].body).toEqual({ user: { userId: 'u_1042', email: 'dana@example.org' } });
});

it('resolves { success: false } with one Milana: line for bad input, never throwing', async () => {
  mockIngest();
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  milana = createMilana();
  // @ts-expect-error - an app passing a malformed input at run time
  expect(await milana.updateUser({ email: 'no-user-id@example.org' })).toEqual({ success: false });
  const lines = [...warn.mock.calls, ...info.mock.calls, ...error.mock.calls].map((c) =>
    String(c[0]),
  );
  expect(lines.filter((line) => line.startsWith('Milana: '))).toHaveLength(1);
});

it('once the recorder runs, stopRecording sends the client-abort /batch and the final /metrics', async () => {
  const { sent } = mockIngest();
  document.body.innerHTML = '<main><h1>Checkout</h1></main>';
  milana = createMilana();
  expect(await milana.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO)).toEqual({ success: true });
  const flushed = await flushRecording(sent);
  expect(JSON.stringify(flushed)).toContain('Checkout');
  sent.length = 0;
  expect(await milana.stopRecording()).toEqual({ success: true });
  await vi.waitFor(() =>
    expect(sent.map((request) => request.path)).toEqual(['/batch', '/metrics']),
  );
  expect(sent[0].body).toMatchObject({ isClientAbort: true, clientAbortReason: 'CLIENT_STOPPED' });
  expect(sent[1].body).toMatchObject({ histograms: { numEventsInBuffer: 0 } });
});
