import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PageSource } from '../store/pages.js';

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Sends `{ ...head, [key]: [items...] }` page by page. Between pages it yields to the event loop
 * (and waits for a slow reader to drain), so other requests are served while a large session
 * streams out and memory holds one page. A failure after the headers went out can only cut the
 * answer short: the connection is destroyed, so the reader sees an incomplete body, never a
 * wrong one.
 */
export async function streamJsonArray(
  res: ServerResponse,
  head: Record<string, unknown>,
  key: string,
  source: PageSource,
): Promise<void> {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  const fields = JSON.stringify({ ...head, cursor: source.cursor });
  const opening = fields === '{}' ? '{' : `${fields.slice(0, -1)},`;
  res.write(`${opening}${JSON.stringify(key)}:[`);
  let first = true;
  try {
    for (;;) {
      if (res.destroyed) return;
      const items = source.next();
      if (items.length === 0) break;
      const chunk = (first ? '' : ',') + items.join(',');
      first = false;
      if (!res.write(chunk)) await drained(res);
      // Always yield to the event loop as well: on a fast local socket the write completes at
      // once and 'drain' fires from process.nextTick, so awaiting it alone would chain every
      // page in microtasks and block all other requests until the stream ends.
      await nextTurn();
    }
    res.end(']}');
  } catch (error) {
    res.destroy(error as Error);
  }
}
