// @vitest-environment node
/**
 * The script-tag bundle in Chromium: dist/milana.js, dist/milana-recorder.js and
 * dist/milana-integrations.js are served from a static server on 127.0.0.1 and talk to the
 * protocol test server (another origin, like a real CDN + ingest pair). Needs
 * `pnpm --filter milana-js build` (turbo's test task builds first).
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startTestServer, type TestServer } from '@milana-js/test-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist');
const PRODUCT = 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC';

let ingest: TestServer;
let statics: Server;
let staticUrl = '';
let browser: Browser;
/** Paths the static server was asked for, in order. */
const fetched: string[] = [];
/** Paths the static server answers 404 for (reset before each test). */
const missing = new Set<string>();
const pages = new Map<string, string>();
const fetchWaiters: Array<{ path: string; done: () => void }> = [];

function whenFetched(path: string): Promise<void> {
  if (fetched.includes(path)) return Promise.resolve();
  return new Promise((done) => fetchWaiters.push({ path, done }));
}

/** A page with the documented stub, the given pre-load calls, then `<script async src=milana.js>`. */
function stubPage(id: string, calls: string, copies = 1): string {
  pages.set(
    `/${id}.html`,
    `<!doctype html><html><head><script>
window._milanaQueue = window._milanaQueue || [];
window.Milana = window.Milana || function () { window._milanaQueue.push(Array.prototype.slice.call(arguments)); };
${calls}
</script>
${'<script async src="/dist/milana.js"></script>'.repeat(copies)}</head><body><p>script tag test</p></body></html>`,
  );
  return `${staticUrl}/${id}.html`;
}

function initCall(options = ''): string {
  return `Milana('init', '${PRODUCT}', 'key_test', { environment: 'test', version: '1.0.0' }, { endpoint: '${ingest.url}'${options} });`;
}

/** Runs `Milana(...args)` in the page, as app code does once milana.js is loaded. */
function callMilana(page: Page, ...args: unknown[]): Promise<void> {
  return page.evaluate((list) => {
    (window as unknown as { Milana: (...a: unknown[]) => void }).Milana(...list);
  }, args);
}

/** The ingest server starts (or resumes) sessions unsampled, `fallbackId` for a new one. */
function startUnsampled(fallbackId: string): void {
  ingest.setDefault('/session', (req) => ({
    json: { sampled: false, sessionId: req.headers['x-milana-session-id'] ?? fallbackId },
  }));
}

interface UpdateBody {
  user?: { userId?: string; email?: string; name?: string };
  session?: { metadata?: { plan?: string }; integrations?: { sentry?: { replayId?: string } } };
}

/** Index among the /update requests of the first one whose body matches, waiting for it to arrive. */
async function updateIndex(matches: (body: UpdateBody) => boolean): Promise<number> {
  for (let count = 1; ; count++) {
    const updates = await ingest.waitFor('/update', count, 10_000);
    const index = updates.findIndex((r) => matches(r.json ?? {}));
    if (index >= 0) return index;
  }
}

interface Watched {
  page: Page;
  warnings: string[];
  /** The `console.info` lines. */
  infos: string[];
  errors: string[];
}

async function open(url: string): Promise<Watched> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const watched: Watched = { page, warnings: [], infos: [], errors: [] };
  page.on('console', (message) => {
    if (message.type() === 'warning') watched.warnings.push(message.text());
    if (message.type() === 'info') watched.infos.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(String(error)));
  await page.goto(url);
  // The bundle replaced the stub's array with its live queue: it has run.
  await page.waitForFunction(
    () => !Array.isArray((window as unknown as { _milanaQueue: unknown })._milanaQueue),
  );
  return watched;
}

beforeAll(async () => {
  ingest = await startTestServer();
  statics = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    fetched.push(path);
    for (const waiter of fetchWaiters.filter((w) => w.path === path)) waiter.done();
    const page = pages.get(path);
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    const file = /^\/dist\/(milana(?:-recorder|-integrations)?\.js)$/.exec(path)?.[1];
    if (!file || missing.has(path)) {
      res.writeHead(404).end();
      return;
    }
    readFile(resolve(dist, file)).then(
      (body) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((done) => statics.listen(0, '127.0.0.1', done));
  statics.unref();
  staticUrl = `http://127.0.0.1:${(statics.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await ingest?.close();
  await new Promise<void>((done) => (statics ? statics.close(() => done()) : done()));
});

beforeEach(() => {
  ingest.reset();
  fetched.length = 0;
  fetchWaiters.length = 0;
  missing.clear();
});

// Each test drives a real browser against two local servers: allow more than the 5 s default.
describe('script tag milana.js in Chromium', { timeout: 30_000 }, () => {
  it('replays the stub calls in order with caller type cdn, then dispatches later calls at once', async () => {
    const url = stubPage(
      'replay',
      `${initCall()}
Milana('identify', { userId: 'u_1', email: 'dana@example.org' });
Milana('updateSession', { metadata: { plan: 'team' } });
Milana('trackEvent', 'stub.event', { n: 1 });`,
    );
    const { page, errors } = await open(url);
    await ingest.waitFor('/session', 1, 10_000);
    const identified = await updateIndex(
      (body) => body.user?.userId === 'u_1' && body.user?.email === 'dana@example.org',
    );
    const sessionSet = await updateIndex((body) => body.session?.metadata?.plan === 'team');

    await callMilana(page, 'updateUser', { userId: 'u_1', name: 'Dana K.' });
    const renamed = await updateIndex((body) => body.user?.name === 'Dana K.');
    // The core may carry identify and updateSession in one /update; it never reorders them.
    expect(identified).toBeLessThanOrEqual(sessionSet);
    expect(sessionSet).toBeLessThan(renamed);
    expect(ingest.requests[0]?.path).toBe('/session');
    for (const request of ingest.requests)
      expect(request.headers['x-milana-caller-type']).toBe('cdn');
    expect(errors).toEqual([]);
  });

  it('holds everything while consent is pending; setConsent queued before the bundle loads starts it', async () => {
    startUnsampled('sess_consent_early');
    const url = stubPage(
      'consent-early',
      `${initCall(", consent: 'pending'")}
Milana('identify', { userId: 'u_c', email: 'cleo@example.org' });
Milana('setConsent', 'granted');`,
    );
    const { errors } = await open(url);
    const [update] = await ingest.waitFor('/update', 1, 10_000);
    expect(update?.json).toMatchObject({ user: { userId: 'u_c' } });
    expect(ingest.requests.map((r) => r.path)).toEqual(['/session', '/update']);
    expect(errors).toEqual([]);
  });

  it('sends and stores nothing while consent is pending, until Milana("setConsent", "granted")', async () => {
    startUnsampled('sess_consent_late');
    const url = stubPage(
      'consent-late',
      `${initCall(", consent: 'pending'")}
Milana('identify', { userId: 'u_d', email: 'dev@example.org' });`,
    );
    const { page, errors } = await open(url);
    const keys = () => page.evaluate(() => Object.keys(sessionStorage));
    expect(await keys()).toEqual([]);
    expect(ingest.requests).toEqual([]);
    await callMilana(page, 'setConsent', 'granted');
    const [update] = await ingest.waitFor('/update', 1, 10_000);
    expect(update?.json).toMatchObject({ user: { userId: 'u_d' } });
    // Only these two requests ever went out: nothing left before the grant.
    expect(ingest.requests.map((r) => r.path)).toEqual(['/session', '/update']);
    expect(await keys()).toEqual(['milana_session_state']);
    expect(errors).toEqual([]);
  });

  it('warns about an unknown command and a failing command without a page error, and keeps working', async () => {
    const url = stubPage(
      'failures',
      `${initCall()}
Milana('launchRockets', 3);`,
    );
    const { page, warnings, errors } = await open(url);
    await ingest.waitFor('/session', 1, 10_000);
    await page.evaluate(() => {
      const w = window as unknown as {
        Milana: (...args: unknown[]) => void;
        _milanaQueue: { push(c: unknown): void };
      };
      const revocable = Proxy.revocable([], {});
      revocable.revoke();
      w._milanaQueue.push(revocable.proxy); // a command that throws as soon as it is read
      w.Milana('identify', { userId: 'u_2', email: 'sam@example.org' });
    });
    const [update] = await ingest.waitFor('/update', 1, 10_000);
    expect(update?.json).toMatchObject({ user: { userId: 'u_2' } });
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Milana: script tag: unknown command "launchRockets"/),
        expect.stringMatching(/^Milana: script tag: command .* failed and was ignored/),
      ]),
    );
    expect(errors).toEqual([]);
  });

  it('fetches milana-recorder.js beside milana.js for a sampled session and records with it', async () => {
    // Test instrumentation only: wrap the module milana-recorder.js registers, to see it started.
    const spy = `(function () {
  var slot = Symbol.for('milana-js.recorder-module'); var held;
  Object.defineProperty(window, slot, { configurable: true, get: function () { return held; }, set: function (m) {
    held = { startCrossOriginIframeRecorder: m.startCrossOriginIframeRecorder, startRecorder: function (host) {
      window.recorderStarted = true; return m.startRecorder(host); } };
  } });
})();`;
    const url = stubPage('sampled', `${spy}\n${initCall()}`);
    const { page, errors } = await open(url);
    await ingest.waitFor('/session', 1, 10_000);
    await whenFetched('/dist/milana-recorder.js');
    expect(fetched.filter((p) => p === '/dist/milana-recorder.js')).toHaveLength(1);
    // The page's spy (above) sees the core start the recorder that milana-recorder.js registered.
    await page.waitForFunction(
      () => (window as unknown as { recorderStarted?: boolean }).recorderStarted === true,
    );
    await callMilana(page, 'stopRecording');
    let abort = undefined as (typeof ingest.requests)[number] | undefined;
    for (let count = 1; !abort; count++) {
      const batches = await ingest.waitFor('/batch', count, 10_000);
      abort = batches.find(
        (b) => (b.json as { isClientAbort?: boolean } | undefined)?.isClientAbort === true,
      );
    }
    expect(abort?.headers['x-milana-caller-type']).toBe('cdn');
    expect(errors).toEqual([]);
  });

  it('starts one session when the page loads milana.js twice, and the second copy warns', async () => {
    startUnsampled('sess_twice');
    const url = stubPage('twice', initCall(), 2);
    const { page, warnings, errors } = await open(url);
    // Both copies run (the second may come from the cache); the second one only warns.
    await vi.waitFor(
      () =>
        expect(warnings).toContain(
          'Milana: milana.js was loaded twice; the second copy does nothing.',
        ),
      { timeout: 10_000 },
    );
    await callMilana(page, 'trackEvent', 'after.both');
    await ingest.waitFor('/session', 1, 10_000);
    await page.waitForLoadState('networkidle');
    expect(ingest.requestsTo('/session')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('fetches milana-integrations.js once for integrations: [sentry] and sends the replay id it detects', async () => {
    startUnsampled('sess_sentry');
    const url = stubPage(
      'sentry',
      `sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id: 'replay_cdn' }));
${initCall(", integrations: ['sentry']")}`,
    );
    const { page, errors } = await open(url);
    const index = await updateIndex(
      (body) => body.session?.integrations?.sentry?.replayId === 'replay_cdn',
    );
    expect(ingest.requestsTo('/update')[index]?.headers['x-milana-caller-type']).toBe('cdn');
    // Later detections (the 5 s re-check, identity calls) reuse the module: still one fetch.
    await callMilana(page, 'identify', { userId: 'u_4', email: 'lee@example.org' });
    await updateIndex((body) => body.user?.userId === 'u_4');
    await page.waitForLoadState('networkidle');
    // The detection code is not in milana.js: it came from the file beside it, once.
    expect(fetched.filter((path) => path.startsWith('/dist/'))).toEqual([
      '/dist/milana.js',
      '/dist/milana-integrations.js',
    ]);
    expect(errors).toEqual([]);
  });

  it('logs one info line and keeps identity calls working when milana-integrations.js is missing', async () => {
    missing.add('/dist/milana-integrations.js');
    startUnsampled('sess_no_file');
    const url = stubPage(
      'integrations-missing',
      `sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id: 'replay_lost' }));
${initCall(", integrations: ['sentry']")}`,
    );
    const { page, infos, errors } = await open(url);
    await ingest.waitFor('/session', 1, 10_000);
    await whenFetched('/dist/milana-integrations.js');
    await vi.waitFor(
      () => expect(infos.filter((line) => line.startsWith('Milana:'))).not.toEqual([]),
      { timeout: 10_000 },
    );
    await callMilana(page, 'identify', { userId: 'u_5', email: 'ash@example.org' });
    // The identify reaches the server (which accepts it by default) as without the option.
    await updateIndex((body) => body.user?.userId === 'u_5');
    await page.waitForLoadState('networkidle');
    expect(infos.filter((line) => line.startsWith('Milana:'))).toEqual([
      expect.stringMatching(/^Milana: integrations: the detection code could not be loaded/),
    ]);
    // No retry, and nothing detected was sent.
    expect(fetched.filter((path) => path === '/dist/milana-integrations.js')).toHaveLength(1);
    expect(
      ingest.requestsTo('/update').filter((r) => (r.json as UpdateBody).session?.integrations),
    ).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('never fetches milana-recorder.js for an unsampled session, nor milana-integrations.js without the option', async () => {
    startUnsampled('sess_unsampled');
    ingest.setDefault('/update', {
      json: { success: true, sessionId: 'sess_unsampled', sampled: false },
    });
    const url = stubPage(
      'unsampled',
      `${initCall()}
Milana('identify', { userId: 'u_3', email: 'kim@example.org' });`,
    );
    const { page, errors } = await open(url);
    await ingest.waitFor('/session', 1, 10_000);
    // The identify is replayed only once the session is ready, i.e. after sampling was decided.
    await ingest.waitFor('/update', 1, 10_000);
    await page.waitForLoadState('networkidle');
    expect(fetched).not.toContain('/dist/milana-recorder.js');
    // Without the init option `integrations` the detection file is never fetched either.
    expect(fetched).not.toContain('/dist/milana-integrations.js');
    expect(errors).toEqual([]);
  });
});
