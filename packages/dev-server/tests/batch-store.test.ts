import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RrwebEvent } from '../src/ingest/protocol-bodies.js';
import { SLICE_EVENTS } from '../src/store/batch-store.js';
import { DevStore } from '../src/store/dev-store.js';
import { SessionPages } from '../src/store/pages.js';
import { openDatabase } from '../src/store/schema.js';

let store: DevStore;
let pages: SessionPages;

beforeEach(() => {
  const db = openDatabase(undefined);
  store = new DevStore(db);
  pages = new SessionPages(db);
  store.createSession({
    id: 's1',
    productId: 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC',
    environment: 'test',
    version: '1',
    appSessionId: undefined,
    metadata: undefined,
    sampled: true,
    client: {
      callerType: null,
      clientVersion: null,
      clientGitHash: null,
      timeZone: null,
      locale: null,
      referrer: null,
    },
    now: 1,
  });
});
afterEach(() => store.close());

const request = (body = '') => ({
  sessionId: 's1',
  endpoint: 'batch',
  receivedAt: 1,
  gzip: false,
  status: 200,
  errorCode: null,
  headers: {},
  body,
});

function events(count: number, same: number[] = []): RrwebEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 3,
    timestamp: same.includes(i) ? 5 : 10 + i,
    data: same.includes(i) ? { same: true } : { i },
  }));
}

function storedCount(): number {
  const source = pages.events('s1');
  let n = 0;
  for (let items = source.next(); items.length > 0; items = source.next()) n += items.length;
  return n;
}

describe('BatchStore', () => {
  it('stores a large batch in slices, letting the event loop turn between them', async () => {
    let turns = 0;
    let storing = true;
    const ticker = (async () => {
      while (storing) {
        await nextTurn();
        turns++;
      }
    })();
    // Identical events on both sides of a slice edge belong to one batch: all are kept.
    const edge = [SLICE_EVENTS - 1, SLICE_EVENTS, SLICE_EVENTS + 1];
    const batch = { kind: 'regular' as const, batchStartedAt: 1, clientAbortReason: undefined };
    await store.storeBatch(
      's1',
      { ...batch, events: events(5 * SLICE_EVENTS, edge) },
      request(),
      2,
    );
    storing = false;
    await ticker;
    expect(turns).toBeGreaterThanOrEqual(4);
    expect(storedCount()).toBe(5 * SLICE_EVENTS);
    expect(store.getSession('s1')).toMatchObject({ eventCount: 5 * SLICE_EVENTS, batchCount: 1 });
  });

  it('stores the batches of one session one at a time, so a re-send started at once adds nothing', async () => {
    const batch = {
      kind: 'regular' as const,
      batchStartedAt: 1,
      clientAbortReason: undefined,
      events: events(3 * SLICE_EVENTS),
    };
    await Promise.all([
      store.storeBatch('s1', batch, request(), 2),
      store.storeBatch('s1', batch, request(), 3),
    ]);
    expect(storedCount()).toBe(3 * SLICE_EVENTS);
    expect(store.getSession('s1')).toMatchObject({ eventCount: 3 * SLICE_EVENTS, batchCount: 2 });
  });

  it('settles when everything is deleted while a batch is being stored', async () => {
    const batch = {
      kind: 'regular' as const,
      batchStartedAt: 1,
      clientAbortReason: undefined,
      events: events(3 * SLICE_EVENTS),
    };
    const storing = store.storeBatch('s1', batch, request(), 2);
    await nextTurn();
    store.reset();
    await expect(storing).resolves.toBeGreaterThan(0);
    expect(storedCount()).toBe(0);
  });
});
