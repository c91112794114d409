import { writeFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { isApiPath, serveApi, type ApiContext } from './api/api-router.js';
import { Faults, type FaultSettings, type RestartEndpoint } from './faults.js';
import { hostChecker, isWildcard } from './http/host-check.js';
import { HttpError } from './http/http-error.js';
import { BodyBudget } from './http/read-body.js';
import { sendJson } from './http/respond.js';
import type { IngestContext } from './ingest/context.js';
import { ingestEndpoint, serveIngest } from './ingest/ingest-router.js';
import { isInspectorPath, serveInspectorFile } from './inspector/static-files.js';
import { LiveHub } from './live.js';
import { checkFaultPatch, resolveOptions, type DevServerOptions } from './options.js';
import { DevStore } from './store/dev-store.js';
import { SessionPages } from './store/pages.js';
import { StoreQueries } from './store/queries.js';
import { openDatabase } from './store/schema.js';

/** A running dev server. */
export interface DevServer {
  /** Base URL, e.g. `http://127.0.0.1:8790`. Also the ingest `endpoint` for the SDK. */
  url: string;
  /** The ingest base URL to put in the SDK's `options.endpoint` (same as `url`). */
  endpoint: string;
  /** The inspector page. */
  inspectorUrl: string;
  /** The bound port. */
  port: number;
  /** The SQLite file, or `undefined` with `memory: true`. */
  dbFile: string | undefined;
  /** The interface it listens on, as bound (`127.0.0.1`, `0.0.0.0`, ...). */
  host: string;
  /** Makes the next `/update` or `/batch` answer ask the client to restart its session. */
  restartNext(endpoint: RestartEndpoint): void;
  /** Changes fault injection while running. */
  setFaults(patch: Partial<FaultSettings>): void;
  /** Deletes every stored session, user and request. */
  reset(): void;
  /** Stops listening, ends open connections and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * The host to put in URLs for a bound address: 0.0.0.0 and :: are not addresses a browser can
 * open, so they become the loopback address of their family; IPv6 gets brackets.
 */
export function urlHost(bound: string): string {
  const reachable = isWildcard(bound) ? (bound.includes(':') ? '::1' : '127.0.0.1') : bound;
  return reachable.includes(':') ? `[${reachable}]` : reachable;
}

/** Keeps the SQLite folder out of the user's git without them having to do anything. */
function ignoreDataFolder(dbFile: string): void {
  const ignore = join(dirname(dbFile), '.gitignore');
  if (dirname(dbFile).endsWith('.milana') && !existsSync(ignore)) writeFileSync(ignore, '*\n');
}

/**
 * Starts the local Milana ingest service with its inspector. Rejects only for bad options or a
 * port that cannot be bound; once running, no request can crash it.
 *
 * @example
 * ```ts
 * const server = await startDevServer({ port: 0, memory: true });
 * await init('prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_dev', { environment: 'dev', version: '1' }, { endpoint: server.endpoint });
 * const { sessions } = await (await fetch(`${server.url}/api/sessions`)).json();
 * await server.close();
 * ```
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const opts = resolveOptions(options);
  const db = openDatabase(opts.dbFile);
  if (opts.dbFile) ignoreDataFolder(opts.dbFile);
  const store = new DevStore(db);
  const queries = new StoreQueries(db);
  const pages = new SessionPages(db);
  const faults = new Faults(
    { failRate: opts.failRate, latencyMs: opts.latencyMs, dropRate: opts.dropRate },
    opts.random,
  );
  const live = new LiveHub();
  const startedAt = Date.now();
  const ingest: IngestContext = {
    store,
    faults,
    live,
    allowList: opts.allowList,
    sampleRate: opts.sampleRate,
    closedSessionGraceMs: opts.closedSessionGraceMs,
    random: opts.random,
    now: () => Date.now(),
    log: opts.log,
    allowOrigins: opts.allowOrigins,
    bodyBudget: new BodyBudget(opts.bodyBudgetBytes),
  };
  const api: ApiContext = {
    store,
    queries,
    pages,
    faults,
    live,
    health: () => ({
      uptimeMs: Date.now() - startedAt,
      storage: opts.dbFile ? 'file' : 'memory',
      dbFile: opts.dbFile ?? null,
    }),
  };

  const inspectorDirs = opts.inspectorDir === undefined ? undefined : [opts.inspectorDir];
  const hostAllowed = hostChecker(opts.host);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Collapse leading slashes first: `//session` (a base URL with a trailing slash, §2) would
    // otherwise parse as a host name.
    const url = new URL((req.url ?? '/').replace(/^\/+/, '/'), 'http://dev-server.invalid');
    const endpoint = ingestEndpoint(url.pathname);
    // Ingest takes any Host and origin, as the real service does; everything else is only for
    // this machine's own names (DNS rebinding).
    if (endpoint) return serveIngest(ingest, endpoint, req, res);
    const isApi = isApiPath(url.pathname);
    const isPage = isInspectorPath(url.pathname);
    if ((isApi || isPage) && !hostAllowed(req.headers.host)) {
      const failure = new HttpError(
        403,
        'HOST_NOT_ALLOWED',
        'the inspector and /api answer only requests for localhost, 127.0.0.1, [::1] or the bound host',
      );
      return sendJson(res, 403, failure.toBody());
    }
    if (isApi) return serveApi(api, req, res, url);
    if (isPage && (req.method === 'GET' || req.method === 'HEAD'))
      return serveInspectorFile(url.pathname, res, inspectorDirs, url);
    const failure = new HttpError(
      404,
      'NOT_FOUND',
      `${req.method} ${url.pathname} is not an endpoint of the Milana dev server`,
      {
        shouldRestartSession: false,
      },
    );
    sendJson(res, 404, failure.toBody());
  };

  const server = createServer(
    {
      // Slow-header and slow-body connections are cut off instead of piling up (slowloris);
      // the check interval follows the timeout so a short timeout in tests acts promptly.
      headersTimeout: Math.min(opts.headersTimeoutMs, opts.requestTimeoutMs),
      requestTimeout: opts.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1000, Math.floor(Math.min(opts.headersTimeoutMs, opts.requestTimeoutMs) / 4)),
      ),
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        opts.log(
          `Milana dev server: unexpected error: ${(error as Error)?.stack ?? String(error)}`,
        );
        sendJson(
          res,
          500,
          new HttpError(500, 'INTERNAL_ERROR', 'unexpected dev server error').toBody(),
        );
      });
    },
  );
  server.maxConnections = opts.maxConnections;
  // A malformed request line must cost one connection, never the process.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });

  let address: AddressInfo;
  try {
    address = await listen(server, opts.port, opts.host);
  } catch (error) {
    live.close();
    store.close();
    throw error;
  }
  const url = `http://${urlHost(address.address)}:${address.port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    endpoint: url,
    inspectorUrl: `${url}/`,
    port: address.port,
    dbFile: opts.dbFile,
    host: address.address,
    restartNext: (endpoint) => faults.restartNext(endpoint),
    setFaults: (patch) => faults.update(checkFaultPatch(patch)),
    reset: () => {
      store.reset();
      live.publish({ type: 'reset' });
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        live.close();
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
