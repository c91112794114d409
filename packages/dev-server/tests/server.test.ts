import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../src/server.js';
import { batch, getJson, openSession, post, sampleEvents, startTestServer } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'milana-dev-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startDevServer', () => {
  it('keeps every acknowledged session, user, event and request across a restart', async () => {
    const dbFile = join(dir, 'persist', 'dev.sqlite');
    const first = await startDevServer({ port: 0, dbFile, quiet: true });
    const id = await openSession(first, {
      environment: 'test',
      version: '1.0',
      metadata: { entry: 'home' },
    });
    await post(
      first,
      'update',
      { user: { userId: 'u_1', email: 'u1@example.org', metadata: { plan: 'team' } } },
      { sessionId: id },
    );
    await post(first, 'batch', batch(sampleEvents()), { sessionId: id, gzip: true });
    await post(first, 'batch', batch([], { isPageClose: true }), { sessionId: id });
    const before = (await getJson(first, `/api/sessions/${id}`)).body;
    await first.close();

    const second = await startDevServer({ port: 0, dbFile, quiet: true });
    try {
      const after = (await getJson(second, `/api/sessions/${id}`)).body;
      expect(after).toEqual(before);
      expect((await getJson(second, `/api/sessions/${id}/events`)).body.events).toEqual(
        sampleEvents(),
      );
      expect((await getJson(second, '/api/users/u_1')).body.metadata).toEqual({ plan: 'team' });
      expect((await getJson(second, `/api/sessions/${id}/requests`)).body.requests).toHaveLength(4);
      const resumed = await post(
        second,
        'session',
        { environment: 'test', version: '1.0' },
        { sessionId: id },
      );
      expect(resumed.body.sessionId).toBe(id);
      expect((await getJson(second, '/api/health')).body).toMatchObject({
        storage: 'file',
        dbFile,
      });
    } finally {
      await second.close();
    }
  });

  it('keeps the data folder out of git', async () => {
    const dbFile = join(dir, 'project', '.milana', 'dev-server.sqlite');
    const server = await startDevServer({ port: 0, dbFile, quiet: true });
    await server.close();
    expect(readFileSync(join(dir, 'project', '.milana', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('writes nothing to disk with memory: true', async () => {
    const server = await startTestServer({ dbFile: join(dir, 'never', 'x.sqlite') });
    await server.close();
    expect(server.dbFile).toBeUndefined();
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('binds 127.0.0.1 by default and reports the ingest endpoint and inspector URLs', async () => {
    const server = await startTestServer();
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.endpoint).toBe(server.url);
      expect(server.inspectorUrl).toBe(`${server.url}/`);
    } finally {
      await server.close();
    }
  });

  it('rejects when the port is taken', async () => {
    const server = await startTestServer();
    try {
      await expect(startTestServer({ port: server.port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await server.close();
    }
  });

  it('rejects bad options, naming the option and the rule', async () => {
    await expect(startTestServer({ sampleRate: 1.5 })).rejects.toThrow(
      'sampleRate must be a number from 0 to 1',
    );
    await expect(startTestServer({ allowList: ['prd_x:key_y'] })).rejects.toThrow(
      'exactly 30 characters',
    );
  });

  it('closes twice without error and ends open event streams', async () => {
    const server = await startTestServer();
    const stream = await fetch(`${server.url}/api/events`);
    const reading = stream.text();
    await Promise.all([server.close(), server.close()]);
    await expect(reading).resolves.toContain('retry: 2000');
  });

  it('serves the inspector page', async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/`);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('<script src="/assets/app.js"');
      expect((await fetch(`${server.url}/assets/app.css`)).status).toBe(200);
      expect((await fetch(`${server.url}/assets/../package.json`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
