import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@milana-js/test-server';
import { Transport } from '../src/transport';
import { requestSession } from '../src/session-request';
import { CLIENT_KEY, PRODUCT_ID } from './helpers/fixtures';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function send(resumeId: string | null = null) {
  const transport = new Transport({
    endpoint: server.url,
    productId: PRODUCT_ID,
    clientKey: CLIENT_KEY,
    callerType: 'core',
  });
  return requestSession(transport, {
    body: '{"environment":"e","version":"1"}',
    referrer: 'https://app.example/x',
    resumeId,
  });
}

describe('requestSession (§6)', () => {
  it('reads a sampled answer', async () => {
    expect(await send()).toEqual({ ok: true, sessionId: 'sess_1', sampled: true });
  });

  it('counts only sampled === true as sampled', async () => {
    server.enqueue('/session', { json: { sessionId: 's', sampled: 'yes' } });
    expect(await send()).toEqual({ ok: true, sessionId: 's', sampled: false });
  });

  it('sends the body, the referrer and the resume id', async () => {
    await send('sess_old');
    const [req] = server.requestsTo('/session');
    expect(req?.bodyText).toBe('{"environment":"e","version":"1"}');
    expect(req?.headers['x-milana-referrer']).toBe('https://app.example/x');
    expect(req?.headers['x-milana-session-id']).toBe('sess_old');
  });

  it('ignores fields other than sampled and sessionId', async () => {
    server.enqueue('/session', { json: { sessionId: 's', sampled: true, extra: { x: 1 } } });
    expect(await send()).toEqual({ ok: true, sessionId: 's', sampled: true });
  });

  it('names the status text of an HTTP error, or the code when the text is empty', async () => {
    server.enqueue('/session', { status: 503, body: '' });
    const answer = await send();
    expect(answer.ok).toBe(false);
    expect(answer.ok === false && answer.reason).toMatch(/Service Unavailable|503/);
  });

  it.each([
    ['a JSON body that is not an object', { json: 'sess_1' }],
    ['a null body', { body: 'null' }],
    ['a numeric session id', { json: { sampled: true, sessionId: 7 } }],
    ['a 2xx that is not 200', { status: 204, body: '' }],
  ])('fails on %s', async (_what, answer) => {
    server.enqueue('/session', answer);
    expect((await send()).ok).toBe(false);
  });
});
