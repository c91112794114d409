import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';
import { exposureNotice } from '../src/cli-main.js';
import { startDevServer, urlHost, type DevServer } from '../src/server.js';
import { batch, openSession, post, rawRequest, sdkHeaders, startTestServer } from './helpers.js';

let server: DevServer;
const dir = mkdtempSync(join(tmpdir(), 'milana-hard-'));
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, host: string) {
  return rawRequest(`${server.url}${path}`, { method: 'GET', headers: { Host: host } });
}

/** Opens a raw TCP connection, optionally writes, and resolves when the server closes it. */
function connection(port: number, write?: string): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  if (write !== undefined) socket.write(write);
  return { socket, closed };
}

describe('DNS rebinding', () => {
  it('answers 403 to the inspector and the API for any other Host', async () => {
    for (const path of ['/', '/api/sessions', '/api/health', '/api/events', '/assets/app.js']) {
      const res = await get(path, 'attacker.example');
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).errorCode).toBe('HOST_NOT_ALLOWED');
    }
    const del = await rawRequest(`${server.url}/api/data`, {
      method: 'DELETE',
      headers: { Host: `attacker.example:${server.port}` },
    });
    expect(del.status).toBe(403);
  });

  it('serves loopback names, and ingest from any Host', async () => {
    for (const host of [
      `127.0.0.1:${server.port}`,
      `localhost:${server.port}`,
      '[::1]',
      'LOCALHOST',
    ])
      expect((await get('/api/health', host)).status).toBe(200);
    const res = await rawRequest(`${server.url}/session`, {
      headers: { ...sdkHeaders(), Host: 'attacker.example' },
      body: JSON.stringify({ environment: 'test', version: '1' }),
    });
    expect(res.status).toBe(200);
  });
});

describe('request log', () => {
  it('escapes control characters that a body puts into a log line', async () => {
    const lines: string[] = [];
    const logged = await startDevServer({ port: 0, memory: true, log: (l) => lines.push(l) });
    try {
      const id = await openSession(logged);
      const evil = '\u001b]0;pwned\u0007\u001b[2J\r\nMilana dev server: /batch 200 fake\u009b';
      await post(
        logged,
        'batch',
        { version: 1, batchStartedAt: 1, events: [], [evil]: 1 },
        {
          sessionId: id,
        },
      );
      const line = lines.find((l) => l.includes('pwned'));
      expect(line).toBeDefined();
      // eslint-disable-next-line no-control-regex
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(line).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x0aMilana');
    } finally {
      await logged.close();
    }
  });
});

describe('slow and many connections', () => {
  it('closes a connection that sends its headers too slowly', async () => {
    const slow = await startTestServer({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    try {
      const { closed } = connection(slow.port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      expect(await closed).toContain('408');
    } finally {
      await slow.close();
    }
  });

  it('closes a connection that sends its body too slowly', async () => {
    const slow = await startTestServer({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    try {
      const head = Object.entries(sdkHeaders())
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      const { closed } = connection(
        slow.port,
        `POST /session HTTP/1.1\r\nHost: 127.0.0.1\r\n${head}Content-Length: 100\r\n\r\n{"env`,
      );
      expect(await closed).toContain('408');
    } finally {
      await slow.close();
    }
  });

  it('refuses connections past the limit and serves again once some close', async () => {
    const capped = await startTestServer({ maxConnections: 2 });
    try {
      const open = [connection(capped.port), connection(capped.port)];
      await Promise.all(open.map((c) => new Promise((r) => c.socket.once('connect', r))));
      const extra = connection(capped.port, 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      expect(await extra.closed).toBe('');
      open.forEach((c) => c.socket.destroy());
      await Promise.all(open.map((c) => c.closed));
      await expect.poll(async () => (await fetch(`${capped.url}/api/health`)).status).toBe(200);
    } finally {
      await capped.close();
    }
  });
});

describe('--allow-origin', () => {
  it('accepts listed page origins and requests without Origin, refuses others', async () => {
    const strict = await startTestServer({ allowOrigins: ['http://localhost:5173'] });
    try {
      const body = { environment: 'test', version: '1' };
      const ok = await post(strict, 'session', body, {
        headers: { Origin: 'http://localhost:5173' },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect((await post(strict, 'session', body)).status).toBe(200);

      const refused = await post(strict, 'session', body, {
        headers: { Origin: 'https://evil.example' },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.errorCode).toBe('ORIGIN_NOT_ALLOWED');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${strict.url}/batch`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await strict.close();
    }
  });

  it('is a repeatable flag and refuses entries that are not origins', async () => {
    const command = parseCliArgs([
      '--allow-origin',
      'http://a.test',
      '--allow-origin=https://b.test',
    ]);
    expect(command).toEqual({
      kind: 'start',
      options: { allowOrigins: ['http://a.test', 'https://b.test'] },
    });
    for (const bad of ['localhost:5173', 'https://a.test/path', 'ftp://a.test'])
      await expect(startTestServer({ allowOrigins: [bad] })).rejects.toThrow(
        'must be an origin like https://app.example.com',
      );
  });
});

describe('inspector headers', () => {
  it('sends a strict CSP, no framing and no referrer; ?remote=1 allows remote media only', async () => {
    const res = await get('/', '127.0.0.1');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('https:');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    const remote = String(
      (await get('/?remote=1', '127.0.0.1')).headers['content-security-policy'],
    );
    expect(remote).toContain("img-src 'self' data: blob: http: https:");
    expect(remote).toContain("script-src 'self';");
  });
});

describe('exposure', () => {
  it('keeps the data folder and files readable by the owner only', async () => {
    const folder = join(dir, 'app', '.milana');
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o755);
    const dbFile = join(folder, 'dev-server.sqlite');
    const s = await startDevServer({ port: 0, dbFile, quiet: true });
    try {
      const id = await openSession(s);
      await post(s, 'batch', batch([]), { sessionId: id });
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`])
        expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      await s.close();
    }
  });

  it('prints usable URLs and a warning for a host beyond loopback', () => {
    expect(urlHost('0.0.0.0')).toBe('127.0.0.1');
    expect(urlHost('::')).toBe('[::1]');
    expect(urlHost('192.168.1.20')).toBe('192.168.1.20');
    expect(exposureNotice('127.0.0.1', 8790)).toEqual({ out: [], err: [] });
    const wide = exposureNotice('0.0.0.0', 8790, () => ['192.168.1.20']);
    expect(wide.out).toEqual(['  On the network:  http://192.168.1.20:8790/']);
    expect(wide.err[0]).toContain('no authentication');
    expect(exposureNotice('10.0.0.5', 80).out).toEqual(['  On the network:  http://10.0.0.5:80/']);
  });
});
