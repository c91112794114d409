import type { ServerResponse } from 'node:http';

/** Bytes an event stream may leave unread before it is dropped. */
const MAX_UNREAD_BYTES = 1024 * 1024;

/** A change the inspector may want to redraw for. */
export interface LiveChange {
  type: 'session' | 'update' | 'batch' | 'metrics' | 'reset';
  sessionId?: string;
}

/**
 * Server-Sent Events fan-out for `/api/events`. The inspector refetches the JSON API when a
 * change arrives, so the stream only carries what changed, never the data itself.
 */
export class LiveHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    // Comments keep proxies and idle timeouts from closing the stream; unref so an idle hub
    // never keeps the process alive.
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), 15_000);
    this.heartbeat.unref();
  }

  /** Turns a response into an event stream. */
  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  /** Tells every open stream about a change. */
  publish(change: LiveChange): void {
    this.write(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
  }

  /** Number of open streams. */
  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream (server shutdown). */
  close(): void {
    clearInterval(this.heartbeat);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private write(text: string): void {
    for (const res of this.clients) {
      // A stream nobody reads would buffer every change forever; drop it instead (the
      // inspector's EventSource reconnects by itself).
      if (res.writableLength > MAX_UNREAD_BYTES) res.destroy();
      else if (!res.destroyed) res.write(text);
    }
  }
}
