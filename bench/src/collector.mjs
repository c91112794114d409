/**
 * A local stand-in for every SDK's ingest service: a node:http server on 127.0.0.1 that answers
 * each SDK's endpoints with 200 and plausible JSON, with CORS on, and counts what it receives.
 *
 * Path prefixes: /milana (both milana-js builds), /posthog, /segment-cdn + /segment, /amplitude,
 * /datadog, /sentry. Anything else gets `{}`.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MODULES_DIR } from './paths.mjs';

/**
 * @typedef {object} Traffic
 * @property {number} requests non-preflight requests
 * @property {number} preflights CORS preflight (OPTIONS) requests
 * @property {number} bodyBytes request body bytes as received (compressed if the SDK compressed)
 * @property {number} wireBytes body plus request line and headers as received
 * @property {number} recordingRequests requests that carried session-recording data
 * @property {string[]} paths distinct paths seen (for the JSON report)
 * @property {string[]} scripts SDK script files served from the collector (fetched at run time)
 */

/** An empty traffic counter. */
export function emptyTraffic() {
  return {
    requests: 0,
    preflights: 0,
    bodyBytes: 0,
    wireBytes: 0,
    recordingRequests: 0,
    paths: [],
    scripts: [],
  };
}

/** Difference of two snapshots of the running counter. */
export function trafficSince(now, before) {
  return {
    requests: now.requests - before.requests,
    preflights: now.preflights - before.preflights,
    bodyBytes: now.bodyBytes - before.bodyBytes,
    wireBytes: now.wireBytes - before.wireBytes,
    recordingRequests: now.recordingRequests - before.recordingRequests,
    paths: now.paths.filter((p) => !before.paths.includes(p)),
    scripts: now.scripts.filter((p) => !before.scripts.includes(p)),
  };
}

function headerBytes(req) {
  let n = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`.length + 2;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    n += Buffer.byteLength(req.rawHeaders[i]) + Buffer.byteLength(req.rawHeaders[i + 1]) + 4;
  }
  return n;
}

/** Starts the collector. `recording` in `setMode` decides what remote config says to SDKs that ask. */
export async function startCollector() {
  let traffic = emptyTraffic();
  let lastRequestAt = Date.now();
  let recording = false;
  let sessionCounter = 0;

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      lastRequestAt = Date.now();
      const body = Buffer.concat(chunks);
      cors(req, res);
      if (req.method === 'OPTIONS') {
        traffic.preflights += 1;
        res.writeHead(204).end();
        return;
      }
      const url = new URL(req.url, `http://${req.headers.host ?? '127.0.0.1'}`);
      traffic.requests += 1;
      traffic.bodyBytes += body.length;
      traffic.wireBytes += body.length + headerBytes(req);
      const key = `${req.method} ${url.pathname}`;
      if (!traffic.paths.includes(key)) traffic.paths.push(key);
      answer(url, body).then(
        ({ status = 200, type = 'application/json', payload, isRecording = false }) => {
          if (isRecording) traffic.recordingRequests += 1;
          res.writeHead(status, { 'content-type': type }).end(payload);
        },
        () => res.writeHead(500).end(),
      );
    });
  });

  /** The response each SDK expects, and whether the request carried recording data. */
  async function answer(url, body) {
    const p = url.pathname;
    const json = (value, extra = {}) => ({ payload: JSON.stringify(value), ...extra });
    if (p.startsWith('/milana/')) {
      const sessionId = `sess_bench_${sessionCounter}`;
      if (p.endsWith('/session')) {
        sessionCounter += 1;
        return json({ sampled: true, sessionId: `sess_bench_${sessionCounter}` });
      }
      if (p.endsWith('/update')) return json({ success: true, sessionId, sampled: true });
      if (p.endsWith('/batch')) {
        const events = body.includes('"events":[]') ? false : body.length > 0;
        return json(
          { success: true, sessionId, messageId: `msg_${Date.now()}` },
          { isRecording: events },
        );
      }
      return json({ success: true });
    }
    if (p.startsWith('/posthog/')) return posthog(p, body, json);
    if (p.startsWith('/segment-cdn/')) return json(segmentSettings(url));
    if (p.startsWith('/segment/')) return json({ success: true });
    if (p.startsWith('/amplitude/')) {
      return json({
        code: 200,
        events_ingested: 1,
        payload_size_bytes: body.length,
        server_upload_time: Date.now(),
      });
    }
    if (p.startsWith('/datadog')) {
      const forward = url.searchParams.get('ddforward') ?? '';
      return json({}, { status: 202, isRecording: forward.includes('/replay') });
    }
    if (p.startsWith('/sentry/')) {
      return json(
        { id: 'bench0123456789abcdef0123456789ab' },
        { isRecording: body.includes('replay_recording') },
      );
    }
    return json({});
  }

  async function posthog(p, body, json) {
    const file = /\/static\/(?:[^/]+\/)*([\w.-]+\.js)$/.exec(p);
    if (file) {
      try {
        const payload = await readFile(path.join(MODULES_DIR, 'posthog-js', 'dist', file[1]));
        if (!traffic.scripts.includes(file[1])) traffic.scripts.push(file[1]);
        return { payload, type: 'application/javascript' };
      } catch {
        return { status: 404, payload: 'not found', type: 'text/plain' };
      }
    }
    if (/\/(flags|decide)\/?$/.test(p) || /\/array\/[^/]+\/config$/.test(p))
      return json(posthogConfig(recording));
    const script = /\/array\/([^/]+)\/config\.js$/.exec(p);
    if (script) {
      const entry = JSON.stringify({ config: posthogConfig(recording), siteApps: [] });
      const payload = `(window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{})[${JSON.stringify(script[1])}]=${entry};`;
      return { payload, type: 'application/javascript' };
    }
    return json({ status: 1 }, { isRecording: /\/s\/?$/.test(p) && body.length > 0 });
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const origin = `http://127.0.0.1:${server.address().port}`;

  return {
    origin,
    /** Sets what the next page is told about session recording, and clears the counters. */
    reset(options) {
      recording = options.recording;
      traffic = emptyTraffic();
    },
    /** A copy of the counters so far. */
    snapshot() {
      return { ...traffic, paths: [...traffic.paths], scripts: [...traffic.scripts] };
    },
    /** Resolves once no request has arrived for `quietMs`, or after `maxMs`. */
    async waitQuiet(quietMs, maxMs) {
      const start = Date.now();
      for (;;) {
        const idle = Date.now() - lastRequestAt;
        if (idle >= quietMs || Date.now() - start >= maxMs) return;
        await new Promise((r) => setTimeout(r, Math.min(100, quietMs - idle)));
      }
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function cors(req, res) {
  const origin = req.headers.origin;
  res.setHeader('access-control-allow-origin', origin ?? '*');
  if (origin) res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    req.headers['access-control-request-headers'] ?? '*',
  );
  res.setHeader('access-control-max-age', '7200');
  res.setHeader('timing-allow-origin', '*');
}

/** PostHog's flags / remote-config answer: recording on or off, nothing else enabled. */
function posthogConfig(recording) {
  return {
    config: { enable_collect_everything: true },
    featureFlags: {},
    featureFlagPayloads: {},
    errorsWhileComputingFlags: false,
    flags: {},
    requestId: 'bench',
    sessionRecording: recording ? { endpoint: '/s/' } : false,
    supportedCompression: ['gzip', 'gzip-js'],
    autocapture_opt_out: false,
    capturePerformance: false,
    heatmaps: false,
    surveys: false,
    siteApps: [],
  };
}

/** Segment's CDN settings: only the Segment.io destination, pointed back at the collector. */
function segmentSettings(url) {
  return {
    integrations: {
      'Segment.io': {
        apiKey: 'bench_write_key',
        apiHost: `${url.host}/segment/v1`,
        protocol: 'http',
        unbundledIntegrations: [],
        addBundledMetadata: true,
        maybeBundledConfigIds: {},
      },
    },
    plan: {
      track: { __default: { enabled: true, integrations: {} } },
      identify: { __default: { enabled: true } },
      group: { __default: { enabled: true } },
    },
    edgeFunction: {},
    analyticsNextEnabled: true,
    middlewareSettings: {},
    enabledMiddleware: {},
    metrics: { sampleRate: 0 },
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
  };
}
