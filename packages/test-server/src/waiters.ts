import type { RecordedRequest } from './types.js';
import { clearRealTimeout, realTimeout, type RealTimer } from './timers.js';

interface Waiter {
  path: string;
  count: number;
  resolve: (requests: RecordedRequest[]) => void;
  reject: (error: Error) => void;
  timer: RealTimer;
}

/**
 * Pending `waitFor` calls. Each arriving request re-checks only the waiters for its path, so
 * waiting is driven by request events rather than polling.
 */
export class Waiters {
  private readonly pending = new Set<Waiter>();

  constructor(
    private readonly lookup: (path: string) => RecordedRequest[],
    private readonly describe: () => string,
  ) {}

  wait(path: string, count: number, timeoutMs: number): Promise<RecordedRequest[]> {
    const already = this.lookup(path);
    if (already.length >= count) return Promise.resolve(already.slice(0, count));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        path,
        count,
        resolve,
        reject,
        timer: realTimeout(() => {
          this.pending.delete(waiter);
          const got = this.lookup(path).length;
          reject(
            new Error(
              `test-server: waitFor('${path}', ${count}) timed out after ${timeoutMs} ms with ${got} ` +
                `request(s) to ${path}. Received so far: ${this.describe()}`,
            ),
          );
        }, timeoutMs),
      };
      this.pending.add(waiter);
    });
  }

  /** Call after a request to `path` was recorded. */
  notify(path: string): void {
    for (const waiter of [...this.pending]) {
      if (waiter.path !== path) continue;
      const matching = this.lookup(path);
      if (matching.length < waiter.count) continue;
      this.pending.delete(waiter);
      clearRealTimeout(waiter.timer);
      waiter.resolve(matching.slice(0, waiter.count));
    }
  }

  /** Reject every pending wait, e.g. because the server closed. */
  rejectAll(reason: string): void {
    for (const waiter of this.pending) {
      clearRealTimeout(waiter.timer);
      waiter.reject(new Error(`test-server: waitFor('${waiter.path}', ${waiter.count}) ${reason}`));
    }
    this.pending.clear();
  }
}
