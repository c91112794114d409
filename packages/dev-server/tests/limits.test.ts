import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../src/http/json-depth.js';
import { MAX_BODY_BYTES, MAX_CONTEXT_BYTES } from '../src/http/read-body.js';
import { runCli } from '../src/cli-main.js';
import type { DevServer } from '../src/server.js';
import {
  batch,
  getJson,
  openSession,
  post,
  rawRequest,
  sdkHeaders,
  startTestServer,
} from './helpers.js';

/** Protocol §23: a regular /batch carries at most this many chars of events. */
const BATCH_CHARS = 5_242_880;

let server: DevServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => server.reset());

/** One event whose JSON text is exactly `chars` long, made of `unit` (a 1- or 2-unit string). */
function eventOfChars(
  chars: number,
  unit: string,
): { type: number; timestamp: number; data: unknown } {
  const shell = { type: 5, timestamp: 1, data: { tag: 'big', payload: '' } };
  const room = chars - JSON.stringify(shell).length;
  const payload = unit.repeat(Math.floor(room / unit.length)) + 'x'.repeat(room % unit.length);
  const event = { ...shell, data: { tag: 'big', payload } };
  expect(JSON.stringify(event)).toHaveLength(chars);
  return event;
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('body size (protocol §23)', () => {
  it('accepts the largest batch the client may send, in the widest UTF-8 (3 bytes a char)', async () => {
    const id = await openSession(server);
    const event = eventOfChars(BATCH_CHARS, '€');
    const text = JSON.stringify(batch([event]));
    expect(Buffer.byteLength(text)).toBeGreaterThan(15_000_000);
    for (const gzip of [false, true]) {
      const answer = await post(server, 'batch', text, { sessionId: id, gzip });
      expect(answer.status).toBe(200);
      expect(answer.body.success).toBe(true);
    }
  });

  it('accepts a batch of astral characters (4 bytes, 2 chars each) at the cap', async () => {
    const id = await openSession(server);
    const text = JSON.stringify(batch([eventOfChars(BATCH_CHARS, '😀')]));
    expect((await post(server, 'batch', text, { sessionId: id })).status).toBe(200);
  });

  it('still answers 413 just above its own limit, for gzip bodies too', async () => {
    const id = await openSession(server);
    const over = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    for (const gzip of [false, true]) {
      const res = await rawRequest(`${server.url}/batch`, {
        headers: { ...sdkHeaders(id), ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) },
        body: gzip ? gzipSync(over) : over,
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).errorCode).toBe('PAYLOAD_TOO_LARGE');
    }
  });

  it('answers 503 SERVER_BUSY instead of holding more body bytes than its budget', async () => {
    const small = await startTestServer({ bodyBudgetBytes: 64 * 1024 });
    try {
      const id = await openSession(small);
      const big = JSON.stringify(batch([eventOfChars(100_000, 'a')]));
      const answer = await post(small, 'batch', big, { sessionId: id });
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ errorCode: 'SERVER_BUSY', shouldRestartSession: false });
      // The budget was given back: a small body still goes through.
      expect((await post(small, 'batch', batch([]), { sessionId: id })).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('context size', () => {
  it('caps /session, /update and /metrics bodies at 1 MiB', async () => {
    const big = 'm'.repeat(MAX_CONTEXT_BYTES);
    const session = await post(server, 'session', {
      environment: 't',
      version: '1',
      metadata: { big },
    });
    expect(session.status).toBe(413);
    const id = await openSession(server);
    const update = await post(
      server,
      'update',
      { session: { metadata: { big } } },
      { sessionId: id },
    );
    expect(update.status).toBe(413);
  });

  it('refuses an /update that would grow merged metadata past 1 MiB, changing nothing', async () => {
    const id = await openSession(server);
    const half = 'h'.repeat(MAX_CONTEXT_BYTES / 2);
    const first = await post(
      server,
      'update',
      { user: { userId: 'u_big', metadata: { a: half } } },
      {
        sessionId: id,
      },
    );
    expect(first.status).toBe(200);
    const second = await post(
      server,
      'update',
      { user: { userId: 'u_big', metadata: { b: half } } },
      { sessionId: id },
    );
    expect(second.status).toBe(413);
    expect(second.body.error).toContain('user.metadata would grow past');
    const { body } = await getJson(server, '/api/users/u_big');
    expect(Object.keys(body.metadata)).toEqual(['a']);
  });

  it('lists users and sessions without their metadata growing the answer per row', async () => {
    const id = await openSession(server);
    const big = 'x'.repeat(MAX_CONTEXT_BYTES - 100);
    await post(
      server,
      'update',
      { user: { userId: 'u_list', metadata: { big } } },
      { sessionId: id },
    );
    const sessions = await fetch(`${server.url}/api/sessions`);
    expect((await sessions.text()).length).toBeLessThan(10_000);
    const { body } = await getJson(server, '/api/users');
    expect(body.users).toEqual([
      expect.objectContaining({ userId: 'u_list', sessionCount: 1, metadata: { big } }),
    ]);
  });
});

describe('aborted uploads', () => {
  it('give their bytes back to the budget', async () => {
    const small = await startTestServer({ bodyBudgetBytes: 64 * 1024 });
    try {
      const id = await openSession(small);
      for (let i = 0; i < 3; i++) {
        // Headers and 40 KB of a 100 KB body, then the client goes away.
        const socket = connect(small.port, '127.0.0.1');
        const head = Object.entries(sdkHeaders(id))
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('');
        socket.write(
          `POST /batch HTTP/1.1\r\nHost: 127.0.0.1\r\n${head}Content-Length: 100000\r\n\r\n`,
        );
        socket.write('x'.repeat(40_000));
        await new Promise((resolve) => setTimeout(resolve, 100));
        socket.destroy();
      }
      const text = JSON.stringify(batch([eventOfChars(40_000, 'a')]));
      await expect
        .poll(async () => (await post(small, 'batch', text, { sessionId: id })).status)
        .toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('nesting depth', () => {
  it(`accepts ${MAX_JSON_DEPTH} levels and stores and serves such an event`, async () => {
    const id = await openSession(server);
    // The envelope { events: [ {  data: ... } ] } takes 3 levels.
    const data = JSON.parse(nested(MAX_JSON_DEPTH - 3)) as unknown;
    const answer = await post(server, 'batch', batch([{ type: 5, timestamp: 1, data }]), {
      sessionId: id,
    });
    expect(answer.status).toBe(200);
    const { status, body } = await getJson(server, `/api/sessions/${id}/events`);
    expect(status).toBe(200);
    expect(body.events).toHaveLength(1);
  });

  it('refuses deeper bodies with 400 before parsing, on every endpoint', async () => {
    const id = await openSession(server);
    const deepMeta = `{"environment":"t","version":"1","metadata":{"a":${nested(5_000)}}}`;
    const session = await post(server, 'session', deepMeta);
    expect(session.status).toBe(400);
    expect(session.body.error).toBe(
      `body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
    );
    const update = await post(server, 'update', `{"session":{"metadata":{"a":${nested(6_000)}}}}`, {
      sessionId: id,
    });
    expect(update.status).toBe(400);
    const events = `{"version":1,"batchStartedAt":1,"events":[{"type":5,"timestamp":1,"data":${nested(MAX_JSON_DEPTH)}}]}`;
    expect((await post(server, 'batch', events, { sessionId: id })).status).toBe(400);
    expect((await getJson(server, `/api/sessions/${id}/events`)).status).toBe(200);
  });

  it('refuses a small gzip of millions of brackets without building them', async () => {
    const id = await openSession(server);
    const bomb = gzipSync(nested(5_000_000));
    expect(bomb.length).toBeLessThan(30_000);
    const answer = await rawRequest(`${server.url}/batch`, {
      headers: { ...sdkHeaders(id), 'Content-Encoding': 'gzip' },
      body: bomb,
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toContain('deeper than');
  });

  it('does not count brackets inside strings', async () => {
    const id = await openSession(server);
    const text = JSON.stringify(batch([{ type: 5, timestamp: 1, data: { s: '[{'.repeat(5000) } }]));
    expect((await post(server, 'batch', text, { sessionId: id })).status).toBe(200);
  });
});

describe('numbers out of range', () => {
  it('refuses a latency a timer cannot wait, from the API', async () => {
    for (const latencyMs of [1e308, 3_000_000_000, -1]) {
      const res = await fetch(`${server.url}/api/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ latencyMs }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(
        'latencyMs must be a number from 0 to 2147483647',
      );
    }
    expect((await getJson(server, '/api/faults')).body.latencyMs).toBe(0);
  });

  it('refuses it from the command line and from setFaults', async () => {
    const err: string[] = [];
    const started = await runCli(['--memory', '--port', '0', '--latency', '3000000000'], {
      out: () => undefined,
      err: (line) => err.push(line),
    });
    expect(started).toBeUndefined();
    expect(err[0]).toContain('latencyMs must be a number from 0 to 2147483647, got 3000000000');
    process.exitCode = undefined;
    expect(() => server.setFaults({ latencyMs: 1e308 })).toThrow('latencyMs must be a number');
  });
});
