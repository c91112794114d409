import { describe, expect, it } from 'vitest';
import { consoleLines, useHarness } from './helpers/harness';

const h = useHarness();

/** `init` against the test server after storing `resumeId` (§15) when given. */
async function start(resumeId: string | null = null) {
  if (resumeId)
    sessionStorage.setItem(
      'milana_session_state',
      JSON.stringify({ sessionId: resumeId, user: null, sessionContext: null }),
    );
  const { client, init } = h.make();
  const result = await init({}, { environment: 'e', version: '1' });
  return { client, result };
}

describe('POST /session answers (§6)', () => {
  it('reads a sampled answer', async () => {
    const { client, result } = await start();
    expect(result).toEqual({ success: true });
    expect(client.getState()).toMatchObject({ sessionId: 'sess_1', sampled: true });
  });

  it('counts only sampled === true as sampled', async () => {
    h.server.enqueue('/session', { json: { sessionId: 's', sampled: 'yes' } });
    const { client, result } = await start();
    expect(result).toEqual({ success: true });
    expect(client.getState()).toMatchObject({
      status: 'not-sampled',
      sessionId: 's',
      sampled: false,
    });
  });

  it('sends the body, the referrer and the resume id', async () => {
    history.replaceState(null, '', '/x');
    await start('sess_old');
    const [req] = h.server.requestsTo('/session');
    expect(req?.bodyText).toBe('{"environment":"e","version":"1"}');
    expect(req?.headers['x-milana-referrer']).toBe(`${location.origin}/x`);
    expect(req?.headers['x-milana-session-id']).toBe('sess_old');
  });

  it('ignores fields other than sampled and sessionId', async () => {
    h.server.enqueue('/session', { json: { sessionId: 's', sampled: true, extra: { x: 1 } } });
    const { client, result } = await start();
    expect(result).toEqual({ success: true });
    expect(client.getState()).toMatchObject({ status: 'recording', sessionId: 's' });
  });

  it('names the status text of an HTTP error, or the code when the text is empty', async () => {
    h.server.enqueue('/session', { status: 503, body: '' });
    expect((await start()).result).toEqual({ success: false });
    expect(
      consoleLines('info').filter(
        (l) => l.startsWith('Milana: init') && /Service Unavailable|503/.test(l),
      ),
    ).toHaveLength(1);
  });

  it.each([
    ['a JSON body that is not an object', { json: 'sess_1' }],
    ['a null body', { body: 'null' }],
    ['a numeric session id', { json: { sampled: true, sessionId: 7 } }],
    ['a 2xx that is not 200', { status: 204, body: '' }],
  ])('fails on %s', async (_what, answer) => {
    h.server.enqueue('/session', answer);
    const { client, result } = await start();
    expect(result).toEqual({ success: false });
    expect(client.getState().status).toBe('idle');
  });
});
