import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_BURST, startConsoleCapture } from '../../src/context/console.js';
import { startErrorCapture } from '../../src/context/errors.js';
import { cap, rateLimit, safeString } from '../../src/context/kit.js';
import { contextDeps, fakeConsole } from './helpers.js';

describe('startConsoleCapture', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('emits rrweb/console@1 events for the chosen levels, after calling the original', () => {
    const sink = fakeConsole();
    const originalWarn = sink.warn;
    const deps = contextDeps({ console: sink as never });
    stop = startConsoleCapture(deps, ['warn', 'error']);
    sink.warn('careful', { n: 1 });
    sink.log('not recorded');
    expect(originalWarn).toHaveBeenCalledWith('careful', { n: 1 });
    expect(deps.emitted).toHaveLength(1);
    expect(deps.emitted[0]!.plugin).toBe('rrweb/console@1');
    expect(deps.emitted[0]!.payload).toMatchObject({
      level: 'warn',
      payload: ['"careful"', '{"n":1}'],
    });
    stop();
    stop = undefined;
    expect(sink.warn).toBe(originalWarn);
  });

  it('serialises cycles, DOM nodes and huge strings safely, capping each argument', () => {
    const sink = fakeConsole();
    const deps = contextDeps({ console: sink as never });
    stop = startConsoleCapture(deps, ['error']);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const node = document.createElement('div');
    node.textContent = 'hi';
    sink.error(cyclic, node, 'x'.repeat(10_000));
    const [a, b, c] = deps.emitted[0]!.payload.payload as string[];
    // The plugin's serialiser gives up on a cycle with the object's string form: safe, bounded.
    expect(a).toBe('"[object Object]"');
    expect(b).toBe('"<div>"');
    expect(c!.length).toBeLessThan(2_100);
    expect(c).toContain('more]');
  });

  it('records a logged element, nested or in an event, by its tag only: no text, value or attribute', () => {
    const sink = fakeConsole();
    const appError = sink.error;
    const deps = contextDeps({ console: sink as never });
    stop = startConsoleCapture(deps, ['error']);
    const form = document.createElement('form');
    form.innerHTML =
      '<input id="card" class="pay big" value="4111 1111 1111 1111" data-owner="Ada"><p>Secret words</p>';
    const input = form.querySelector('input')!;
    const click = new MouseEvent('click');
    input.addEventListener('click', (event) => sink.error('clicked', event));
    sink.error(form, { field: input, list: [form.querySelector('p')] });
    input.dispatchEvent(click);
    const recorded = JSON.stringify(deps.emitted);
    for (const secret of ['4111', 'Secret words', 'Ada', 'value='])
      expect(recorded).not.toContain(secret);
    expect(deps.emitted[0]!.payload.payload).toEqual([
      '"<form>"',
      '{"field":"<input#card.pay.big>","list":["<p>"]}',
    ]);
    expect(deps.emitted[1]!.payload.payload[1]).toBe('"[click event on <input#card.pay.big>]"');
    // The page's console still gets the element itself.
    expect(appError).toHaveBeenCalledWith(form, { field: input, list: [form.querySelector('p')] });
  });

  it('leaves the SDK’s own Milana: lines out', () => {
    const sink = fakeConsole();
    const deps = contextDeps({ console: sink as never });
    stop = startConsoleCapture(deps, ['warn']);
    sink.warn('Milana: init: options.capture must be an object; all capture is off');
    expect(deps.emitted).toEqual([]);
  });

  it('rate-limits a burst and then reports how many were dropped', () => {
    let t = 0;
    const sink = fakeConsole();
    const appConsole = sink.error;
    const deps = contextDeps({ console: sink as never }, { now: () => t });
    stop = startConsoleCapture(deps, ['error']);
    for (let i = 0; i < CONSOLE_BURST + 30; i++) sink.error(i);
    expect(deps.emitted).toHaveLength(CONSOLE_BURST);
    expect(appConsole).toHaveBeenCalledTimes(CONSOLE_BURST + 30); // the app's console still gets all
    t = 1_000;
    sink.error('after');
    expect(deps.emitted.slice(-2).map((e) => e.payload.payload[0])).toEqual([
      JSON.stringify('Milana: 30 console entries were dropped (burst limit)'),
      '"after"',
    ]);
  });
});

describe('startErrorCapture', () => {
  it('records uncaught errors with kind, name, message, capped stack and sanitised source', () => {
    const deps = contextDeps(window);
    const stop = startErrorCapture(deps);
    const error = new TypeError('x is undefined');
    error.stack = 'TypeError: x is undefined\n' + '    at f (app.js:1:1)\n'.repeat(1_000);
    window.dispatchEvent(
      new ErrorEvent('error', {
        error,
        message: 'Uncaught TypeError: x is undefined',
        filename: 'https://app.example.com/app.js?token=abc#x',
        lineno: 3,
        colno: 7,
      }),
    );
    stop();
    window.dispatchEvent(new ErrorEvent('error', { message: 'after stop' }));
    expect(deps.emitted).toHaveLength(1);
    const { plugin, payload } = deps.emitted[0]!;
    expect(plugin).toBe('milana/error@1');
    expect(payload).toMatchObject({
      kind: 'error',
      name: 'TypeError',
      message: 'Uncaught TypeError: x is undefined',
      source: 'https://app.example.com/app.js?token=--redacted--',
      line: 3,
      column: 7,
    });
    expect(payload.stack.length).toBeLessThan(4_100);
  });

  it('records unhandled rejections with an Error or any other reason', () => {
    const deps = contextDeps(window);
    const stop = startErrorCapture(deps);
    const settled = Promise.resolve();
    const fire = (reason: unknown) => {
      const event = new Event('unhandledrejection') as Event & {
        reason?: unknown;
        promise?: unknown;
      };
      event.reason = reason;
      event.promise = settled;
      window.dispatchEvent(event);
    };
    fire(new RangeError('too far'));
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    fire(cyclic);
    stop();
    expect(deps.emitted.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        kind: 'unhandledrejection',
        name: 'RangeError',
        message: 'too far',
      }),
      { kind: 'unhandledrejection', name: 'object', message: '{"me":"[Circular]"}' },
    ]);
  });
});

describe('kit', () => {
  it('cap marks what it cut', () => {
    expect(cap('abcdef', 4)).toBe('abcd…[2 more]');
    expect(cap('abc', 4)).toBe('abc');
  });

  it('safeString survives throwing toJSON, revoked proxies and bigints', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(safeString(proxy, 50)).toBe('[unserializable]');
    expect(
      safeString(
        {
          toJSON: () => {
            throw new Error('no');
          },
        },
        50,
      ),
    ).toBe('[unserializable]');
    expect(safeString({ n: 10n }, 50)).toBe('{"n":"10n"}');
  });

  it('rateLimit opens a new window after windowMs', () => {
    let t = 0;
    const dropped: number[] = [];
    const allow = rateLimit(
      2,
      100,
      () => t,
      (n) => dropped.push(n),
    );
    expect([allow(), allow(), allow()]).toEqual([true, true, false]);
    t = 100;
    expect(allow()).toBe(true);
    expect(dropped).toEqual([1]);
  });
});

describe('startConsoleCapture and other console wrappers', () => {
  it('keeps a wrapper installed after ours on stop; it keeps working and nothing is recorded', () => {
    const sink = fakeConsole();
    const original = sink.warn;
    const deps = contextDeps({ console: sink as never });
    const stop = startConsoleCapture(deps, ['warn']);
    const ours = sink.warn;
    const seen: unknown[] = [];
    const theirs = (...args: unknown[]) => {
      seen.push(args[0]);
      return ours(...args);
    };
    sink.warn = theirs as never;
    sink.warn('one');
    stop();
    expect(sink.warn).toBe(theirs);
    sink.warn('two');
    expect(seen).toEqual(['one', 'two']);
    expect(original.mock.calls.map((c) => c[0])).toEqual(['one', 'two']);
    expect(deps.emitted.map((e) => e.payload.payload)).toEqual([['"one"']]);
  });

  it('restores the original method when nobody wrapped after us', () => {
    const sink = fakeConsole();
    const original = sink.error;
    const stop = startConsoleCapture(contextDeps({ console: sink as never }), ['error']);
    expect(sink.error).not.toBe(original);
    stop();
    expect(sink.error).toBe(original);
  });
});
