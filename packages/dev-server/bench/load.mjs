// Load benchmark of the dev server (issue 18): `pnpm --filter @milana-js/dev-server bench:load`
// after a build. For file and memory mode it reports requests/s and p50/p99 latency of many
// concurrent SDK-like clients, checks that every event is stored exactly once (some batches are
// re-sent, as after a lost answer), that file mode keeps everything through `kill -9`, and how
// long a small request waits while a ~100 MB session streams out of /events and while the
// largest batch the SDK sends is stored.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, send } from './http-client.mjs';
import { startServerProcess } from './server-process.mjs';

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const CLIENTS = env('LOAD_CLIENTS', 200);
const BATCHES = env('LOAD_BATCHES', 20);
const EVENTS = env('LOAD_EVENTS', 50);
/** Every RESEND_EVERY-th batch is sent twice. */
const RESEND_EVERY = 20;
const BIG_MB = env('LOAD_BIG_MB', 100);

const round = (n, digits = 1) => Number(n.toFixed(digits));

function events(client, batch) {
  return Array.from({ length: EVENTS }, (_, k) => ({
    type: 3,
    timestamp: 1_767_225_600_000 + batch * EVENTS + k,
    data: { source: 2, client, seq: batch * EVENTS + k },
  }));
}

async function client(url, c, latencies) {
  const session = await send(`${url}/session`, {
    method: 'POST',
    body: { environment: 'bench', version: '1' },
  });
  latencies.push(session.ms);
  const id = session.body.sessionId;
  let resent = 0;
  for (let b = 0; b < BATCHES; b++) {
    const body = { version: 1, batchStartedAt: 1_767_225_600_000 + b, events: events(c, b) };
    const times = (c * BATCHES + b) % RESEND_EVERY === 0 ? 2 : 1;
    for (let t = 0; t < times; t++) {
      const answer = await send(`${url}/batch`, { method: 'POST', body, sessionId: id });
      if (answer.status !== 200 || !answer.body.success)
        throw new Error(`batch answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      latencies.push(answer.ms);
    }
    resent += times - 1;
  }
  return { id, resent };
}

/** Reads every session's events back and counts each (client, seq) pair. */
async function verify(url, sessions) {
  let stored = 0;
  let duplicated = 0;
  let missing = 0;
  for (const { id } of sessions) {
    const { body } = await send(`${url}/api/sessions/${id}/events`);
    const seen = new Map();
    for (const e of body.events) seen.set(e.data.seq, (seen.get(e.data.seq) ?? 0) + 1);
    stored += body.events.length;
    for (let seq = 0; seq < BATCHES * EVENTS; seq++) {
      const n = seen.get(seq) ?? 0;
      if (n === 0) missing++;
      if (n > 1) duplicated += n - 1;
    }
  }
  return { stored, duplicated, missing };
}

async function load(mode, args) {
  const server = await startServerProcess(args);
  const latencies = [];
  const cpuBefore = server.cpuMs();
  const started = performance.now();
  const sessions = await Promise.all(
    Array.from({ length: CLIENTS }, (_, c) => client(server.url, c, latencies)),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = server.cpuMs() - cpuBefore;
  const check = await verify(server.url, sessions);
  const result = {
    mode,
    clients: CLIENTS,
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / seconds, 0),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    serverCpuMsPerRequest: round(cpuMs / latencies.length, 2),
    eventsSent: CLIENTS * BATCHES * EVENTS,
    batchesResent: sessions.reduce((n, s) => n + s.resent, 0),
    eventsStored: check.stored,
    eventsStoredTwice: check.duplicated,
    eventsMissing: check.missing,
  };
  return { server, result, sessions };
}

/** After SIGKILL, a restart on the same file must still hold every acknowledged event. */
async function killNine(server, dbFile, sessions) {
  await server.kill('SIGKILL');
  const again = await startServerProcess(['--db', dbFile]);
  const check = await verify(again.url, sessions);
  await again.kill();
  return { eventsAfterKill9: check.stored, missingAfterKill9: check.missing };
}

/** A ~BIG_MB session streamed out of /events while small requests keep coming. */
async function bigSession(args) {
  const server = await startServerProcess(args);
  const open = await send(`${server.url}/session`, {
    method: 'POST',
    body: { environment: 'bench', version: '1' },
  });
  const id = open.body.sessionId;
  const pad = 'x'.repeat(1000);
  const perBatch = 8_000;
  const batches = Math.ceil((BIG_MB * 1024 * 1024) / (perBatch * 1060));
  for (let b = 0; b < batches; b++) {
    const evs = Array.from({ length: perBatch }, (_, k) => ({
      type: 3,
      timestamp: 1_767_225_600_000 + b * perBatch + k,
      data: { pad, n: b * perBatch + k },
    }));
    const answer = await send(`${server.url}/batch`, {
      method: 'POST',
      body: { version: 1, batchStartedAt: 1, events: evs },
      sessionId: id,
    });
    if (answer.status !== 200) throw new Error(`big batch answered ${answer.status}`);
  }
  const other = (
    await send(`${server.url}/session`, {
      method: 'POST',
      body: { environment: 'b', version: '1' },
    })
  ).body.sessionId;
  const rssBefore = server.rssMb();
  let peakRss = rssBefore;
  let bytes = 0;
  let streaming = true;
  const startedStream = performance.now();
  const stream = send(`${server.url}/api/sessions/${id}/events`, {
    onData: (c) => (bytes += c.length),
  }).then((r) => {
    streaming = false;
    return r;
  });
  const health = [];
  const ingest = [];
  while (streaming) {
    peakRss = Math.max(peakRss, server.rssMb());
    health.push((await send(`${server.url}/api/health`)).ms);
    const small = { version: 1, batchStartedAt: 1, events: events(0, health.length) };
    ingest.push(
      (await send(`${server.url}/batch`, { method: 'POST', body: small, sessionId: other })).ms,
    );
  }
  await stream;
  const streamSeconds = (performance.now() - startedStream) / 1000;
  await server.kill();
  return {
    sessionMb: round(bytes / 1024 / 1024),
    streamSeconds: round(streamSeconds, 2),
    smallRequestsDuringStream: health.length + ingest.length,
    healthP50Ms: round(percentile(health, 50)),
    healthMaxMs: round(Math.max(...health)),
    batchMaxMs: round(Math.max(...ingest)),
    serverRssBeforeMb: round(rssBefore),
    serverRssPeakMb: round(peakRss),
  };
}

/**
 * The largest regular batch the SDK sends (protocol §23: 5,242,880 chars of events), made of tiny
 * events, the costliest shape to store, while small requests keep coming.
 */
async function largestBatch(args) {
  const server = await startServerProcess(args);
  const open = await send(`${server.url}/session`, {
    method: 'POST',
    body: { environment: 'bench', version: '1' },
  });
  const evs = [];
  for (let chars = 0, i = 0; chars < 5_242_880; i++) {
    const event = { type: 3, timestamp: 1_767_225_600_000 + i, data: {} };
    chars += JSON.stringify(event).length;
    evs.push(event);
  }
  let storing = true;
  const stored = send(`${server.url}/batch`, {
    method: 'POST',
    body: { version: 1, batchStartedAt: 1, events: evs },
    sessionId: open.body.sessionId,
  }).then((answer) => {
    storing = false;
    return answer;
  });
  const health = [];
  while (storing) health.push((await send(`${server.url}/api/health`)).ms);
  const answer = await stored;
  await server.kill();
  return {
    events: evs.length,
    status: answer.status,
    storeMs: round(answer.ms),
    smallRequestsMeanwhile: health.length,
    healthMaxMs: round(Math.max(...health)),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'milana-load-'));
try {
  const dbFile = join(dir, 'load.sqlite');
  const file = await load('file', ['--db', dbFile]);
  const durability = await killNine(file.server, dbFile, file.sessions);
  const memory = await load('memory', ['--memory']);
  await memory.server.kill();
  // LOAD_ONLY=1 skips the large-session parts (a quicker throughput comparison).
  const only = process.env.LOAD_ONLY === '1';
  const big = only ? undefined : await bigSession(['--db', join(dir, 'big.sqlite')]);
  const largest = only ? undefined : await largestBatch(['--db', join(dir, 'largest.sqlite')]);
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    // A shared machine makes every figure noisy; the 1-minute load average says how noisy.
    loadAverage1m: round(loadavg()[0]),
    load: [{ ...file.result, ...durability }, memory.result],
    bigSession: big,
    largestBatch: largest,
  };
  console.table(report.load);
  if (big) console.table([big]);
  if (largest) console.table([largest]);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(out, { recursive: true });
  const name = process.env.LOAD_RESULT_NAME ?? `load-${report.date.slice(0, 10)}.json`;
  writeFileSync(join(out, name), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to bench/results/${name}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
