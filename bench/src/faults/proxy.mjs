/**
 * A recording proxy between one benchmark page and the dev server. It forwards every request
 * untouched and logs each ingest request (path, start and end time, status, body size), so the
 * bench can count requests during an outage and time the recovery. Whole-server faults come from
 * the dev server's own fault injection (`setFaults`); the dev server cannot fail a single
 * endpoint, so `block(path)` here answers that path with a 503 (with CORS headers, as the dev
 * server's failures have) for the per-endpoint scenarios (`/session`, `/update`), and
 * `restartNextBatch()` answers the next `/batch` with a restart for this page alone.
 */
import { createServer, request } from 'node:http';

/** Starts the proxy to `target` (the dev server's base URL) on 127.0.0.1. */
export async function startProxy(target) {
  const upstream = new URL(target);
  const log = [];
  const blocked = new Set();
  let restartNextBatch = false;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '').split('?')[0];
      const ingest = req.method === 'POST' && !path.startsWith('/api/');
      const entry = ingest
        ? {
            path,
            start: Date.now(),
            end: null,
            status: 0,
            ok: false,
            bytes: body.length,
            text: null,
            answer: '',
          }
        : null;
      if (entry) {
        // Bodies are kept only for /batch (markers) and /update (identity); plain JSON here
        // because the bench pages are http: (no gzip, §12).
        if (path.endsWith('/batch') || path.endsWith('/update')) entry.text = body.toString();
        log.push(entry);
      }
      const finish = (status) => {
        if (entry) {
          entry.status = status;
          entry.end = Date.now();
        }
      };
      if (ingest && restartNextBatch && path.endsWith('/batch')) {
        // A server-driven restart (§16) for this page only: the shared dev server's own
        // one-shot would go to whichever SDK sent the next batch first.
        restartNextBatch = false;
        res.writeHead(200, {
          'Access-Control-Allow-Origin': req.headers.origin ?? '*',
          'Content-Type': 'application/json',
        });
        res.end('{"success":false,"shouldRestartSession":true,"errorCode":"BENCH_RESTART"}');
        return finish(200);
      }
      if (ingest && blocked.has(path)) {
        res.writeHead(503, {
          'Access-Control-Allow-Origin': req.headers.origin ?? '*',
          'Content-Type': 'application/json',
        });
        res.end('{"success":false,"error":"bench: endpoint blocked"}');
        return finish(503);
      }
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.on('data', (c) => {
            if (entry && entry.answer.length < 2000) entry.answer += c.toString();
          });
          answer.pipe(res);
          answer.on('end', () => {
            const status = answer.statusCode ?? 0;
            // Acknowledged as the client sees it: 2xx and success true.
            if (entry)
              entry.ok = status >= 200 && status < 300 && /"success":true/.test(entry.answer);
            finish(status);
          });
        },
      );
      out.on('error', () => {
        // The dev server dropped the connection (fault injection): drop ours too.
        finish(0);
        req.socket.destroy();
      });
      out.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    block: (path) => blocked.add(path),
    unblock: (path) => blocked.delete(path),
    restartNextBatch: () => {
      restartNextBatch = true;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
