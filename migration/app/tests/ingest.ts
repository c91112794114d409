import { vi } from 'vitest';

/** One request the app sent to Milana's ingest service. */
export interface SentRequest {
  path: string;
  body: unknown;
}

/**
 * Replaces `fetch` with a mock that answers the ingest service the way it answers in production
 * (a sampled session, accepted updates and batches), as an app's tests of 1.0.x did. `sent` lists
 * every request in order with its parsed JSON body.
 */
export function mockIngest(answers: { session?: unknown } = {}) {
  const sent: SentRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const text = typeof init?.body === 'string' ? init.body : '';
    sent.push({ path: url.pathname, body: text ? JSON.parse(text) : null });
    const answer =
      url.pathname === '/session'
        ? (answers.session ?? { sampled: true, sessionId: 'ses_migration_1' })
        : { success: true, sessionId: 'ses_migration_1', sampled: true };
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, sent };
}

export const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';
export const CLIENT_KEY = 'key_pub_5c1a77';
export const SESSION_INFO = { environment: 'test', version: '1.0.0' };

/**
 * Hides the page until the recorder, once it runs, flushes its buffer to /batch (the hide-flush,
 * protocol §13.1), then shows it again. The recorder chunk loads after `init` resolves, so a hide
 * before it runs sends nothing and is simply repeated. Returns the flushed batch's body.
 */
export async function flushRecording(sent: SentRequest[]): Promise<unknown> {
  const setVisibility = (state: DocumentVisibilityState) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    document.dispatchEvent(new Event('visibilitychange'));
  };
  try {
    const batch = await vi.waitFor(
      () => {
        setVisibility('hidden');
        const found = sent.find((request) => request.path === '/batch');
        if (!found) throw new Error('no /batch yet: the recorder is not running');
        return found;
      },
      { timeout: 10_000, interval: 50 },
    );
    return batch.body;
  } finally {
    setVisibility('visible');
  }
}
