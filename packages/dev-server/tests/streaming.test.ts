import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../src/server.js';
import { openSession, post } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'milana-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Events per upload, and uploads: 800,000 tiny events, about 30 MB of JSON. */
const PER_BATCH = 200_000;
const BATCHES = 4;

/** `count` tiny events with rising timestamps: gzip makes each upload a few hundred KB. */
function tinyEvents(from: number, count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`{"type":3,"timestamp":${from + i},"data":{}}`);
  return `{"version":1,"batchStartedAt":${from},"events":[${parts.join(',')}]}`;
}

/**
 * GETs a URL and counts `"type":3` in the body without keeping it, sampling this process's RSS
 * while the answer streams. Returns the count, the body's size and the highest RSS seen.
 */
function countStreamed(url: string): Promise<{ count: number; bytes: number; peakRss: number }> {
  return new Promise((resolve, reject) => {
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 20);
    const marker = '"type":3';
    let count = 0;
    let bytes = 0;
    let carry = '';
    get(url, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        bytes += chunk.length;
        const text = carry + chunk;
        for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) count++;
        // Keep a marker's worth of tail that cannot itself hold a whole marker.
        carry = text.slice(-(marker.length - 1));
      });
      res.on('end', () => {
        clearInterval(sampler);
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        resolve({ count, bytes, peakRss });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

let server: DevServer;
let id: string;

beforeAll(async () => {
  server = await startDevServer({ port: 0, dbFile: join(dir, 'big.sqlite'), quiet: true });
  id = await openSession(server);
  for (let b = 0; b < BATCHES; b++) {
    const answer = await post(server, 'batch', tinyEvents(b * PER_BATCH, PER_BATCH), {
      sessionId: id,
      gzip: true,
    });
    expect(answer.status).toBe(200);
  }
}, 120_000);
afterAll(() => server?.close());

describe('large sessions', () => {
  it('streams a session of 800,000 tiny events with bounded memory', async () => {
    global.gc?.();
    const before = process.memoryUsage.rss();
    const { count, bytes, peakRss } = await countStreamed(
      `${server.url}/api/sessions/${id}/events`,
    );
    expect(count).toBe(PER_BATCH * BATCHES);
    expect(bytes).toBeGreaterThan(30_000_000);
    // Building the answer in memory took about 400 MB more here (and aborted the process at a
    // few million events); streaming holds about one 1 MB page.
    expect(peakRss - before).toBeLessThan(150 * 1024 * 1024);
    expect(peakRss).toBeLessThan(600 * 1024 * 1024);
  }, 60_000);

  it('answers other requests while a large session streams', async () => {
    // The reader runs in its own process, as a browser would: in this process the test's own
    // reading would pace the server and hide a server that never yields between pages.
    const reader = `
      const http = require('node:http');
      const [events, health] = process.argv.slice(1);
      let asked = false;
      http.get(events, (res) => {
        res.on('data', () => {
          if (asked) return;
          asked = true;
          http.get(health, (h) => { h.resume(); h.on('end', () => console.log('health ' + h.statusCode)); });
        });
        res.on('end', () => console.log('stream end'));
      });`;
    const child = spawn(process.execPath, [
      '-e',
      reader,
      `${server.url}/api/sessions/${id}/events`,
      `${server.url}/api/health`,
    ]);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise((resolve) => child.on('exit', resolve));
    expect(output.trim().split('\n')).toEqual(['health 200', 'stream end']);
  }, 60_000);
});
