import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MilanaClient, Result } from '../src/types';
import { useHarness } from './helpers/harness';
import { CLIENT_KEY, PRODUCT_ID, SESSION_INFO } from './helpers/fixtures';

/**
 * Throws hostile values at every public call. The invariants: nothing throws, every promise
 * settles to `{ success: boolean }`, Object.prototype is untouched and every body the server
 * received is valid JSON. Runs: 7 000 + 2 000 + 1 000 = 10 000.
 */

const h = useHarness();

function circular(): unknown {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  o.list = [o, { back: o }];
  return o;
}

function throwingGetter(): unknown {
  const o: Record<string, unknown> = { ok: 1 };
  Object.defineProperty(o, 'boom', {
    enumerable: true,
    get() {
      throw new Error('getter exploded');
    },
  });
  return o;
}

function hostileProxy(): unknown {
  const fail = () => {
    throw new Error('trap exploded');
  };
  return new Proxy(
    {},
    { get: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, has: fail, getPrototypeOf: fail },
  );
}

function revokedProxy(): unknown {
  const { proxy, revoke } = Proxy.revocable({ userId: 'u' }, {});
  revoke();
  return proxy;
}

function deep(levels: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < levels; i++) value = { next: value, list: [value] };
  return value;
}

const HUGE = 'x'.repeat(200_000);

/**
 * fast-check inspects the values it generates (clone checks, shrinking), which hostile values
 * would break; the arbitraries therefore carry a recipe that is only built right before the call.
 */
class Hostile {
  constructor(readonly make: () => unknown) {}
  toString(): string {
    return `Hostile(${this.make.name || 'value'})`;
  }
}

/** Builds the hostile values inside a generated argument, copying the plain containers. */
function materialize(value: unknown, depth = 0): unknown {
  if (value instanceof Hostile) return value.make();
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => materialize(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out = Object.create(proto) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const item = materialize((value as Record<string, unknown>)[key], depth + 1);
    Object.defineProperty(out, key, {
      value: item,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc
    .constantFrom(
      circular,
      throwingGetter,
      hostileProxy,
      revokedProxy,
      () => deep(40),
      () => HUGE,
      () => ({ big: HUGE }),
      () =>
        JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
      () => Object.create(null),
      // eslint-disable-next-line no-sparse-arrays -- a sparse array is exactly the hostile input wanted
      () => [1, , 3],
      () => new Date(Number.NaN),
      () => 10n,
      () => Symbol('s'),
      () => () => 'fn',
      () => new Map([[1, 2]]),
      () => NaN,
      () => -Infinity,
      () => ({
        toJSON: () => {
          throw new Error('toJSON exploded');
        },
      }),
    )
    .map((make) => new Hostile(make)),
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withNullPrototype: true,
    withBoxedValues: true,
    maxDepth: 4,
  }),
);

/** A value that is sometimes valid, so calls get past validation and reach the wire. */
const sometimesString = fc.oneof(
  { arbitrary: fc.constantFrom('u_1', 'u_2', 'a@b.c'), weight: 3 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 2 },
  { arbitrary: hostile, weight: 1 },
);
const metadata = fc.oneof(
  {
    arbitrary: fc.dictionary(
      fc.string({ maxLength: 8 }),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostile),
      { maxKeys: 4 },
    ),
    weight: 3,
  },
  { arbitrary: hostile, weight: 1 },
);

const userLike = fc.oneof(
  fc.record(
    { userId: sometimesString, email: sometimesString, name: sometimesString, metadata },
    { requiredKeys: ['userId', 'email'] },
  ),
  fc.record(
    { userId: sometimesString, email: sometimesString, name: sometimesString, metadata },
    { requiredKeys: [] },
  ),
);
const sessionLike = fc.record(
  {
    metadata,
    appSessionId: sometimesString,
    integrations: fc.oneof(fc.constant({ sentry: { replayId: 'r' } }), hostile),
  },
  { requiredKeys: [] },
);
const arg = fc.oneof(
  userLike,
  sessionLike,
  fc.record(
    { user: fc.oneof(userLike, hostile), session: fc.oneof(sessionLike, hostile) },
    { requiredKeys: [] },
  ),
  hostile,
);

type Call = { name: string; args: unknown[] };
const call: fc.Arbitrary<Call> = fc.oneof(
  fc
    .tuple(fc.constantFrom('identify', 'updateUser', 'updateSession', 'update'), arg)
    .map(([name, a]) => ({ name, args: [a] })),
  fc
    .tuple(
      fc.oneof(fc.string({ maxLength: 300 }), hostile),
      fc.oneof(
        fc.dictionary(
          fc.string({ maxLength: 5 }),
          fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), hostile),
        ),
        hostile,
      ),
    )
    .map(([name, attrs]) => ({ name: 'trackEvent', args: [name, attrs] })),
  fc
    .tuple(
      fc.constantFrom('subscribe', 'listen'),
      fc.oneof(
        fc.constant(() => {
          throw new Error('listener');
        }),
        hostile,
      ),
    )
    .map(([name, l]) => ({ name, args: [l] })),
  fc.constant<Call>({ name: 'getState', args: [] }),
  fc.constant<Call>({ name: 'initCrossOriginIframe', args: [] }),
);

function isResult(value: unknown): value is Result {
  return (
    value !== null &&
    typeof value === 'object' &&
    Object.keys(value).length === 1 &&
    typeof (value as Result).success === 'boolean'
  );
}

/** Invokes `name` on `client`; returns the promise when the call returns one. */
function invoke(client: MilanaClient, c: Call): unknown {
  const fn = (client as unknown as Record<string, (...a: unknown[]) => unknown>)[c.name];
  const out = fn?.(...c.args.map((a) => materialize(a)));
  if (typeof out === 'function' && (c.name === 'subscribe' || c.name === 'listen'))
    (out as () => void)();
  return out;
}

async function expectSettled(value: unknown): Promise<void> {
  if (value instanceof Promise) {
    const result = await value;
    if (!isResult(result)) throw new Error(`settled to ${JSON.stringify(result)}`);
  }
}

const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();

function expectCleanWorld(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  for (const req of h.server.requests) {
    expect(() => JSON.parse(req.bodyText), `${req.path} body`).not.toThrow();
  }
}

describe('hostile input at every public call', () => {
  it('never throws and settles every promise to { success: boolean } on a recording client', async () => {
    const { client, init } = h.make();
    expect(await init()).toEqual({ success: true });
    await fc.assert(
      fc.asyncProperty(call, async (c) => {
        let out: unknown;
        expect(() => (out = invoke(client, c))).not.toThrow();
        await expectSettled(out);
      }),
      { numRuns: 7_000 },
    );
    expect(h.server.requestsTo('/update').length).toBeGreaterThan(0);
    expectCleanWorld();
  }, 90_000);

  it('never throws from init with hostile credentials, session info and options', async () => {
    const credential = fc.oneof(
      fc.constantFrom(PRODUCT_ID, CLIENT_KEY),
      fc.string({ maxLength: 40 }),
      hostile,
    );
    const info = fc.oneof(
      fc.constant(SESSION_INFO),
      fc.record(
        {
          environment: sometimesString,
          version: sometimesString,
          metadata,
          appSessionId: sometimesString,
        },
        { requiredKeys: [] },
      ),
      hostile,
    );
    const options = fc.oneof(
      fc.constant(undefined),
      fc.record(
        {
          privacy: fc.oneof(fc.constant({ shouldTrackQueryParams: false }), hostile),
          integrations: fc.oneof(fc.constant(['sentry']), hostile),
          shouldRecordCanvas: hostile,
        },
        { requiredKeys: [] },
      ),
      hostile,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        credential,
        credential,
        info,
        options,
        async (valid, productId, clientKey, sessionInfo, opts) => {
          const { client } = h.make();
          let pending: unknown;
          expect(() => {
            pending = client.init(
              (valid ? PRODUCT_ID : materialize(productId)) as string,
              (valid ? CLIENT_KEY : materialize(clientKey)) as string,
              materialize(sessionInfo) as typeof SESSION_INFO,
              (valid
                ? { ...safeSpread(materialize(opts)), endpoint: h.server.url }
                : materialize(opts)) as never,
            );
          }).not.toThrow();
          await expectSettled(pending);
          await expectSettled(client.stopRecording());
        },
      ),
      { numRuns: 2_000 },
    );
    expectCleanWorld();
  }, 90_000);

  it('settles hostile calls queued before init once stopRecording runs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 5 }), async (calls) => {
        const { client } = h.make();
        const outs: unknown[] = [];
        for (const c of calls) expect(() => outs.push(invoke(client, c))).not.toThrow();
        await expectSettled(client.stopRecording());
        for (const out of outs) await expectSettled(out);
      }),
      { numRuns: 1_000 },
    );
    expectCleanWorld();
  }, 90_000);
});

// Spreading a hostile object can itself throw (proxies); the SDK is not under test there.
function safeSpread(value: unknown): object {
  try {
    return { ...(value as object) };
  } catch {
    return {};
  }
}
