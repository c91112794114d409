import { describe, expect, it } from 'vitest';
import {
  MAX_DEPTH,
  MAX_SERIALIZED_CHARS,
  sanitizeJsonValue,
  sanitizeMetadata,
} from '../src/metadata';
import { fakeLogger } from './helpers/fake-logger';

const where = { call: 'identify', field: 'metadata' };

function run(value: unknown) {
  const log = fakeLogger();
  const result = sanitizeMetadata(value, where, log);
  const warnings = log.warn.mock.calls.map((c) => String(c[0]));
  return { result, warnings, value: result.ok ? result.value : undefined };
}

function nest(levels: number): Record<string, unknown> {
  let node: Record<string, unknown> = { leaf: true };
  for (let i = 1; i < levels; i += 1) node = { child: node };
  return node;
}

describe('sanitizeMetadata', () => {
  it('returns a fresh deep copy of plain JSON without warnings', () => {
    const input = { a: 1, b: 'x', c: [true, null, { d: 2.5 }], e: {} };
    const { value, warnings } = run(input);
    expect(value).toEqual(input);
    expect(value).not.toBe(input);
    expect((value as { c: unknown[] }).c).not.toBe(input.c);
    expect(warnings).toEqual([]);
  });

  it('refuses top-level values that are not plain objects with one warning', () => {
    for (const bad of [null, undefined, 'x', 3, [1], new Map(), new (class Foo {})()]) {
      const { result, warnings } = run(bad);
      expect(result.ok).toBe(false);
      expect(warnings).toEqual([
        'identify: metadata must be a plain object of JSON values; the call was ignored',
      ]);
    }
  });

  it('accepts objects made with Object.create(null)', () => {
    const input = Object.create(null) as Record<string, unknown>;
    input.a = 1;
    expect(run(input).value).toEqual({ a: 1 });
  });

  it('turns a Date into its ISO string without a warning', () => {
    const { value, warnings } = run({ at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) });
    expect(value).toEqual({ at: '2024-01-02T03:04:05.000Z' });
    expect(warnings).toEqual([]);
  });

  it('turns an invalid Date into null with a warning naming the path', () => {
    const { value, warnings } = run({ when: { at: new Date(Number.NaN) } });
    expect(value).toEqual({ when: { at: null } });
    expect(warnings).toEqual([
      'identify: metadata.when.at is NaN, Infinity or an invalid Date; sent as null',
    ]);
  });

  it('counts an invalid Date and NaN under one warning', () => {
    const { value, warnings } = run({ at: new Date(Number.NaN), n: Number.NaN });
    expect(value).toEqual({ at: null, n: null });
    expect(warnings).toEqual([
      'identify: metadata.at is NaN, Infinity or an invalid Date; sent as null (and 1 more like it)',
    ]);
  });

  it('turns a BigInt into its decimal string', () => {
    expect(run({ big: 12345678901234567890n }).value).toEqual({ big: '12345678901234567890' });
  });

  it('turns NaN and Infinity into null with one aggregated warning', () => {
    const { value, warnings } = run({ a: Number.NaN, b: Infinity, c: -Infinity });
    expect(value).toEqual({ a: null, b: null, c: null });
    expect(warnings).toEqual([
      'identify: metadata.a is NaN, Infinity or an invalid Date; sent as null (and 2 more like it)',
    ]);
  });

  it('drops functions and symbols from objects with one "not JSON" warning', () => {
    const { value, warnings } = run({ f: () => 1, s: Symbol('s'), keep: 1 });
    expect(value).toEqual({ keep: 1 });
    expect(warnings).toEqual([
      'identify: metadata.f is a Function, which is not JSON; dropped (and 1 more like it)',
    ]);
  });

  it('names a symbol when it is the first value that is not JSON', () => {
    const { value, warnings } = run({ s: Symbol('s'), keep: 1 });
    expect(value).toEqual({ keep: 1 });
    expect(warnings).toEqual(['identify: metadata.s is a Symbol, which is not JSON; dropped']);
  });

  it('drops undefined properties silently, as JSON does', () => {
    const { value, warnings } = run({ a: undefined, b: 1 });
    expect(value).toEqual({ b: 1 });
    expect(Object.keys(value!)).toEqual(['b']);
    expect(warnings).toEqual([]);
  });

  it('turns functions, symbols and undefined inside arrays into null', () => {
    const { value, warnings } = run({ list: [1, () => 2, Symbol('x'), undefined, 5] });
    expect(value).toEqual({ list: [1, null, null, null, 5] });
    expect(warnings).toContain(
      'identify: metadata.list[1] is a Function, which is not JSON; dropped (and 1 more like it)',
    );
  });

  it('cuts circular references and keeps shared non-circular ones', () => {
    const shared = { s: 1 };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input.self = input;
    const list: unknown[] = [1];
    list.push(list);
    input.list = list;
    const { value, warnings } = run(input);
    expect(value).toEqual({ a: { s: 1 }, b: { s: 1 }, list: [1, null] });
    expect(warnings).toEqual([
      'identify: metadata.self is a circular reference; dropped (and 1 more like it)',
    ]);
  });

  it('ignores the keys __proto__, constructor and prototype', () => {
    const input = JSON.parse(
      '{"__proto__":{"polluted":true},"constructor":1,"prototype":2,"ok":3}',
    ) as unknown;
    const { value, warnings } = run(input);
    expect(value).toEqual({ ok: 3 });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(warnings).toEqual([
      'identify: metadata.__proto__ is a reserved key; dropped (and 2 more like it)',
    ]);
  });

  it(`keeps ${MAX_DEPTH} levels of nesting and drops deeper containers`, () => {
    expect(run(nest(MAX_DEPTH)).value).toEqual(nest(MAX_DEPTH));
    const { value, warnings } = run(nest(MAX_DEPTH + 1));
    let node = value as Record<string, unknown>;
    for (let i = 1; i < MAX_DEPTH; i += 1) node = node.child as Record<string, unknown>;
    expect(node).toEqual({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^identify: metadata(\.child)+ is nested deeper than 10 levels; dropped$/,
    );
  });

  it('drops Map, Set, RegExp, Error and typed arrays with a warning naming the type', () => {
    const { value, warnings } = run({
      m: new Map([[1, 2]]),
      s: new Set([1]),
      r: /x/,
      e: new Error('boom'),
      t: new Uint8Array(2),
      ok: 1,
    });
    expect(value).toEqual({ ok: 1 });
    expect(warnings).toEqual([
      'identify: metadata.m is a Map, which is not JSON; dropped (and 4 more like it)',
    ]);
  });

  it('keeps the own enumerable properties of class instances with a warning', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
      get length() {
        return Math.hypot(this.x, this.y);
      }
    }
    const { value, warnings } = run({ p: new Point(3, 4) });
    expect(value).toEqual({ p: { x: 3, y: 4 } });
    expect(warnings).toEqual([
      'identify: metadata.p is a class instance; only its own enumerable properties were kept',
    ]);
  });

  it('honours toJSON like JSON.stringify does', () => {
    const money = { amount: 5, toJSON: () => '5.00 EUR' };
    expect(run({ price: money }).value).toEqual({ price: '5.00 EUR' });
  });

  it('walks an object whose toJSON returns the object itself, as JSON does', () => {
    const input: Record<string, unknown> = { a: 1 };
    input.toJSON = () => input;
    expect(run({ v: input }).value).toEqual({ v: { a: 1 } });
  });

  it('drops a value whose toJSON throws, naming the path', () => {
    const { value, warnings } = run({
      bad: {
        toJSON() {
          throw new Error('nope');
        },
      },
      ok: 1,
    });
    expect(value).toEqual({ ok: 1 });
    expect(warnings).toEqual(['identify: metadata.bad could not be read; dropped']);
  });

  it('refuses metadata whose own toJSON does not return an object', () => {
    const { result, warnings } = run({ toJSON: () => 'text' });
    expect(result.ok).toBe(false);
    expect(warnings).toEqual([
      'identify: metadata must be a plain object of JSON values; the call was ignored',
    ]);
  });

  it('unwraps a boxed BigInt into its decimal string', () => {
    expect(run({ big: Object(5n) }).value).toEqual({ big: '5' });
  });

  it('does not loop on an object that only pretends to be a boxed primitive', () => {
    const fake = { [Symbol.toStringTag]: 'String', valueOf: () => fake };
    const { value, warnings } = run({ fake, ok: 1 });
    expect(value).toEqual({ ok: 1 });
    expect(warnings).toEqual(['identify: metadata.fake is a String, which is not JSON; dropped']);
  });

  it('keeps the own properties of an instance whose prototype has no constructor', () => {
    const proto = { constructor: undefined };
    const { value, warnings } = run({
      o: Object.create(proto, { own: { value: 2, enumerable: true } }) as unknown,
    });
    expect(value).toEqual({ o: { own: 2 } });
    expect(warnings).toEqual([
      'identify: metadata.o is a class instance; only its own enumerable properties were kept',
    ]);
  });

  it('drops a Proxy array whose length cannot be read', () => {
    const broken = new Proxy([], {
      get(_t, key) {
        if (key === 'length') throw new Error('trap');
        return undefined;
      },
    });
    const { value, warnings } = run({ broken, ok: 1 });
    expect(value).toEqual({ ok: 1 });
    expect(warnings).toEqual(['identify: metadata.broken could not be read; dropped']);
  });

  it('does not count properties that are left out towards the size limit', () => {
    const input: Record<string, unknown> = {};
    for (let i = 0; i < 70_000; i += 1) input[`k${i}`] = undefined;
    input.kept = 1;
    expect(run(input).value).toEqual({ kept: 1 });
  });

  it('unwraps boxed primitives', () => {
    expect(run({ s: new String('x'), n: new Number(2), b: new Boolean(false) }).value).toEqual({
      s: 'x',
      n: 2,
      b: false,
    });
  });

  it('drops a key whose getter throws and keeps the rest', () => {
    const input = {
      ok: 1,
      get bad(): number {
        throw new Error('nope');
      },
    };
    const { value, warnings } = run(input);
    expect(value).toEqual({ ok: 1 });
    expect(warnings).toEqual(['identify: metadata.bad could not be read; dropped']);
  });

  it('drops a nested Proxy whose traps throw', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
        get() {
          throw new Error('trap');
        },
      },
    );
    const { result, value } = run({ hostile, ok: true });
    expect(result.ok).toBe(true);
    expect(value).toEqual({ ok: true });
  });

  it('drops a nested revoked Proxy without throwing', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const { value, warnings } = run({ gone: proxy, ok: 1 });
    expect(value).toEqual({ ok: 1 });
    expect(warnings).toHaveLength(1);
  });

  it('refuses a top-level revoked Proxy without throwing', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(run(proxy).result.ok).toBe(false);
  });

  it('refuses metadata longer than the JSON size limit instead of truncating it', () => {
    const { result, warnings } = run({ blob: 'x'.repeat(MAX_SERIALIZED_CHARS) });
    expect(result.ok).toBe(false);
    expect(warnings).toEqual([
      `identify: metadata is longer than ${MAX_SERIALIZED_CHARS} characters as JSON; the call was ignored`,
    ]);
  });

  it('accepts metadata just under the size limit', () => {
    const input = { blob: 'x'.repeat(MAX_SERIALIZED_CHARS - 20) };
    expect(JSON.stringify(input).length).toBeLessThanOrEqual(MAX_SERIALIZED_CHARS);
    expect(run(input).value).toEqual(input);
  });

  it('refuses a 10^5-element array without throwing', () => {
    const { result } = run({ list: Array.from({ length: 100_000 }, (_, i) => i) });
    expect(result.ok).toBe(false);
  });

  it('refuses a huge string without throwing', () => {
    expect(run({ s: 'y'.repeat(5_000_000) }).result.ok).toBe(false);
  });

  it('refuses a Proxy array claiming a billion elements without walking them all', () => {
    const endless = new Proxy([], { get: (_t, key) => (key === 'length' ? 1e9 : 0) });
    expect(run({ endless }).result.ok).toBe(false);
  });
});

describe('sanitizeJsonValue', () => {
  it('accepts scalars and arrays at the top level', () => {
    const log = fakeLogger();
    expect(sanitizeJsonValue('x', where, log)).toEqual({ ok: true, value: 'x' });
    expect(sanitizeJsonValue([1, new Date(0)], where, log)).toEqual({
      ok: true,
      value: [1, '1970-01-01T00:00:00.000Z'],
    });
  });

  it('returns undefined for a top-level function with a warning', () => {
    const log = fakeLogger();
    expect(sanitizeJsonValue(() => 1, where, log)).toEqual({ ok: true, value: undefined });
    expect(log.warn).toHaveBeenCalledWith(
      'identify: metadata is a Function, which is not JSON; dropped',
    );
  });

  it('names array positions in the warning path', () => {
    const log = fakeLogger();
    sanitizeJsonValue([1, [Number.NaN]], { call: 'updateSession', field: 'metadata' }, log);
    expect(log.warn).toHaveBeenCalledWith(
      'updateSession: metadata[1][0] is NaN, Infinity or an invalid Date; sent as null',
    );
  });
});
