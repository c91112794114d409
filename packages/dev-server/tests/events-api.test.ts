import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../src/server.js';
import { batch, getJson, openSession, post, sampleEvents, startTestServer } from './helpers.js';

let server: DevServer;
const dir = mkdtempSync(join(tmpdir(), 'milana-events-'));
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const click = (timestamp: number, id = 7) => ({
  type: 3,
  timestamp,
  data: { source: 2, type: 2, id },
});

async function events(id: string, after?: number): Promise<{ cursor: number; events: any[] }> {
  const query = after === undefined ? '' : `?after=${after}`;
  const { status, body } = await getJson(server, `/api/sessions/${id}/events${query}`);
  expect(status).toBe(200);
  return body;
}

describe('re-sent batches', () => {
  it('keeps three identical events of one batch, and the count agrees', async () => {
    const id = await openSession(server);
    await post(server, 'batch', batch([click(10), click(10), click(10)]), { sessionId: id });
    expect((await events(id)).events).toHaveLength(3);
    expect((await getJson(server, `/api/sessions/${id}`)).body.eventCount).toBe(3);
  });

  it('stores a batch re-sent as is, or with newer events behind it, once', async () => {
    const id = await openSession(server);
    const first = [click(10), click(10), click(11)];
    await post(server, 'batch', batch(first), { sessionId: id });
    await post(server, 'batch', batch(first), { sessionId: id });
    // A §23 retry re-sends the unacknowledged prefix plus what was recorded since.
    await post(server, 'batch', batch([...first, click(12), click(12)]), { sessionId: id });
    const { events: stored } = await events(id);
    expect(stored).toEqual([click(10), click(10), click(11), click(12), click(12)]);
    expect((await getJson(server, `/api/sessions/${id}`)).body.eventCount).toBe(5);
    const { timeline } = (await getJson(server, `/api/sessions/${id}/timeline`)).body;
    expect(timeline).toEqual([]);
  });

  it('keeps the timeline free of re-sent custom events', async () => {
    const id = await openSession(server);
    const custom = sampleEvents(5_000)[2];
    await post(server, 'batch', batch([custom]), { sessionId: id });
    await post(server, 'batch', batch([custom]), { sessionId: id });
    const { timeline } = (await getJson(server, `/api/sessions/${id}/timeline`)).body;
    expect(timeline.map((e: { name: string }) => e.name)).toEqual(['report.exported']);
  });
});

describe('incremental reads', () => {
  it('returns only what was stored after a cursor, for events, timeline and requests', async () => {
    const id = await openSession(server);
    const [meta, full, custom] = sampleEvents(1_000);
    await post(server, 'batch', batch([meta, full]), { sessionId: id });
    const whole = await events(id);
    expect(whole.events).toEqual([meta, full]);
    const timeline0 = (await getJson(server, `/api/sessions/${id}/timeline`)).body;
    const requests0 = (await getJson(server, `/api/sessions/${id}/requests`)).body;

    const other = await openSession(server);
    await post(server, 'batch', batch([click(5_000)]), { sessionId: other });
    await post(server, 'batch', batch([custom]), { sessionId: id });

    const fresh = await events(id, whole.cursor);
    expect(fresh.events).toEqual([custom]);
    expect(fresh.cursor).toBeGreaterThan(whole.cursor);
    expect((await events(id, fresh.cursor)).events).toEqual([]);

    const timeline1 = (
      await getJson(server, `/api/sessions/${id}/timeline?after=${timeline0.cursor}`)
    ).body;
    expect(timeline1.timeline.map((e: { name: string }) => e.name)).toEqual(['report.exported']);
    const requests1 = (
      await getJson(server, `/api/sessions/${id}/requests?after=${requests0.cursor}`)
    ).body;
    expect(requests1.requests.map((r: { endpoint: string }) => r.endpoint)).toEqual(['batch']);
  });

  it('refuses a cursor that is not a non-negative integer', async () => {
    const id = await openSession(server);
    for (const after of ['x', '-1', '1.5', '']) {
      const { status, body } = await getJson(server, `/api/sessions/${id}/events?after=${after}`);
      expect(status).toBe(400);
      expect(body.error).toContain('after must be a cursor');
    }
  });

  it('keeps replay order across many pages, with equal timestamps on page edges', async () => {
    const id = await openSession(server);
    // 6,000 events, 40 KB each for a few so byte-bounded pages end early too.
    const made = Array.from({ length: 6_000 }, (_, i) => ({
      type: 3,
      timestamp: 1_000 + Math.floor(i / 7),
      data: { n: i, pad: i % 500 === 0 ? 'p'.repeat(40_000) : '' },
    }));
    const shuffled = [...made.filter((_, i) => i % 2 === 1), ...made.filter((_, i) => i % 2 === 0)];
    await post(server, 'batch', batch(shuffled.slice(0, 3_000)), { sessionId: id });
    await post(server, 'batch', batch(shuffled.slice(3_000)), { sessionId: id });
    const { events: stored } = await events(id);
    const expected = [...shuffled].sort((a, b) => a.timestamp - b.timestamp);
    expect(stored.map((e: { data: { n: number } }) => e.data.n)).toEqual(
      expected.map((e) => e.data.n),
    );
  });
});

describe('schema 1 files', () => {
  it('are migrated on open: events are indexed from the stored batch bodies', async () => {
    const dbFile = join(dir, 'old.sqlite');
    const first = await startDevServer({ port: 0, dbFile, quiet: true });
    const id = await openSession(first);
    await post(first, 'batch', batch(sampleEvents(1_000)), { sessionId: id });
    await post(first, 'batch', batch(sampleEvents(1_000)), { sessionId: id });
    await first.close();
    // Turn it back into what a version 1 server left behind.
    const db = new Database(dbFile);
    db.exec("DROP TABLE events; UPDATE meta SET value = '1' WHERE key = 'schema_version'");
    db.exec('UPDATE sessions SET event_count = 6');
    db.close();

    const second = await startDevServer({ port: 0, dbFile, quiet: true });
    try {
      const { body } = await getJson(second, `/api/sessions/${id}/events`);
      expect(body.events).toEqual(sampleEvents(1_000));
      expect((await getJson(second, `/api/sessions/${id}`)).body.eventCount).toBe(3);
    } finally {
      await second.close();
    }
    const check = new Database(dbFile, { readonly: true });
    expect(check.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toEqual({
      value: '2',
    });
    check.close();
  });
});
