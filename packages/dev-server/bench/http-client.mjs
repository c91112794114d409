// A small keep-alive HTTP client for the benchmark: JSON in, JSON out, timing each request.
import { Agent, request } from 'node:http';

export const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';

export function headers(sessionId) {
  return {
    'Content-Type': 'application/json',
    'X-Milana-Protocol-Version': '1',
    'X-Milana-Caller-Type': 'core',
    'X-Milana-Product-Id': PRODUCT_ID,
    'X-Milana-Client-Key': 'key_bench',
    ...(sessionId ? { 'X-Milana-Session-Id': sessionId } : {}),
  };
}

/**
 * Sends one request; resolves { status, body, ms }. `onData` (optional) receives the body as
 * it streams instead of it being kept.
 */
export function send(url, { method = 'GET', body, sessionId, onData } = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent, headers: body === undefined ? {} : headers(sessionId) },
      (res) => {
        const chunks = [];
        res.on('data', (c) => (onData ? onData(c) : chunks.push(c)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode,
            body: text && !onData ? JSON.parse(text) : undefined,
            ms: performance.now() - started,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The p-th percentile (0..100) of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
