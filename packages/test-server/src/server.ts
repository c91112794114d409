import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { answerPreflight, applyCorsHeaders } from './cors.js';
import { happyAnswer, type IdCounters } from './happy-defaults.js';
import { readRequest } from './read-request.js';
import { clearRealTimeout, realTimeout, type RealTimer } from './timers.js';
import type {
  RecordedRequest,
  Responder,
  ResponseSpec,
  TestServer,
  TestServerOptions,
} from './types.js';
import { Waiters } from './waiters.js';

const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
const DEFAULT_WAIT_TIMEOUT_MS = 5_000;

class IngestTestServer implements TestServer {
  readonly requests: RecordedRequest[] = [];
  readonly preflights: RecordedRequest[] = [];
  private readonly defaults = new Map<string, Responder>();
  private readonly queues = new Map<string, Responder[]>();
  private readonly ids: IdCounters = { session: 0, message: 0 };
  private readonly delays = new Set<RealTimer>();
  private readonly waiters = new Waiters(
    (path) => this.requestsTo(path),
    () => this.requests.map((r) => `${r.method} ${r.path}`).join(', ') || '(nothing)',
  );
  private seq = 0;
  private idleTimer: RealTimer | undefined;
  private closing: Promise<void> | undefined;
  private baseUrl = '';
  private markClosed: () => void = () => undefined;
  private readonly closedSignal = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });

  constructor(
    private readonly server: Server,
    private readonly idleTimeoutMs: number,
  ) {}

  get url(): string {
    return this.baseUrl;
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    // A forgotten server must never keep a test process alive.
    this.server.unref();
    const { port: bound } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${bound}`;
    this.touch();
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  setDefault(path: string, responder: Responder): void {
    this.defaults.set(path, responder);
  }

  enqueue(path: string, ...responders: Responder[]): void {
    const queue = this.queues.get(path) ?? [];
    queue.push(...responders);
    this.queues.set(path, queue);
  }

  waitFor(
    path: string,
    count: number,
    timeoutMs = DEFAULT_WAIT_TIMEOUT_MS,
  ): Promise<RecordedRequest[]> {
    if (this.closed && this.requestsTo(path).length < count) {
      return Promise.reject(
        new Error(`test-server: waitFor('${path}', ${count}) called after the server closed`),
      );
    }
    return this.waiters.wait(path, count, timeoutMs);
  }

  reset(): void {
    // Emptied in place so that references tests already hold stay live.
    this.requests.length = 0;
    this.preflights.length = 0;
    this.defaults.clear();
    this.queues.clear();
    this.ids.session = 0;
    this.ids.message = 0;
  }

  whenClosed(): Promise<void> {
    return this.closedSignal;
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    clearRealTimeout(this.idleTimer);
    for (const timer of this.delays) clearRealTimeout(timer);
    this.delays.clear();
    this.waiters.rejectAll('was interrupted because the server closed');
    this.closing = new Promise<void>((resolve) => {
      this.server.close(() => {
        this.markClosed();
        resolve();
      });
      // Hanging and keep-alive connections would otherwise hold close() open forever.
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.touch();
    let recorded: RecordedRequest;
    try {
      recorded = await readRequest(req, () => ++this.seq);
    } catch {
      // The client went away mid-body; there is nobody to answer.
      return;
    }
    if (recorded.method === 'OPTIONS') {
      this.preflights.push(recorded);
      answerPreflight(req, res);
      return;
    }
    this.requests.push(recorded);
    this.waiters.notify(recorded.path);
    const spec = await this.answerFor(recorded);
    await this.send(req, res, spec);
  }

  private touch(): void {
    if (this.closed) return;
    clearRealTimeout(this.idleTimer);
    this.idleTimer = realTimeout(() => void this.close(), this.idleTimeoutMs, false);
  }

  private async answerFor(recorded: RecordedRequest): Promise<ResponseSpec> {
    const queued = this.queues.get(recorded.path)?.shift();
    const responder = queued ?? this.defaults.get(recorded.path);
    if (responder === undefined) return happyAnswer(recorded, this.ids);
    try {
      return typeof responder === 'function' ? await responder(recorded, this) : responder;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        status: 500,
        json: { success: false, error: `test-server responder threw: ${message}` },
      };
    }
  }

  private async send(req: IncomingMessage, res: ServerResponse, spec: ResponseSpec): Promise<void> {
    if (spec.hang) return; // closeAllConnections() in close() ends it.
    if (spec.delayMs !== undefined && spec.delayMs > 0) {
      const delayMs = spec.delayMs;
      await new Promise<void>((resolve) => {
        const timer = realTimeout(() => {
          this.delays.delete(timer);
          resolve();
        }, delayMs);
        this.delays.add(timer);
      });
    }
    if (this.closed || res.destroyed) return;
    if (spec.networkError) {
      req.socket.destroy();
      return;
    }
    applyCorsHeaders(req, res);
    res.statusCode = spec.status ?? 200;
    let body = '';
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
    } else if (spec.body !== undefined) {
      body = spec.body;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    }
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  }
}

/**
 * Start a scriptable Milana ingest server on 127.0.0.1 that answers like a healthy backend.
 *
 * @example
 * ```ts
 * const server = await startTestServer();
 * server.enqueue('/session', { json: { sampled: false, sessionId: 'sess_off' } });
 * await client.init({ ..., endpoint: server.url });
 * const [session] = await server.waitFor('/session', 1);
 * await server.close();
 * ```
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = createServer();
  const instance = new IngestTestServer(server, options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    res.on('error', () => undefined);
    void instance.handle(req, res);
  });
  server.on('connection', (socket: Socket) => {
    // Open connections alone must not keep the process alive either.
    socket.unref();
    socket.on('error', () => undefined);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await instance.listen(options.port ?? 0);
  return instance;
}
