import { describe, expect, it, vi } from 'vitest';
import { validateTrackEvent } from '../../src/pipeline/track-event.js';

// Moved from the core with the check (the recorder validates what it receives, §17.4).
function fakeLogger() {
  return {
    debug: vi.fn<(message: string) => void>(),
    info: vi.fn<(message: string) => void>(),
    warn: vi.fn<(message: string) => void>(),
  };
}

function lines(log: ReturnType<typeof fakeLogger>): string[] {
  return log.warn.mock.calls.map((c) => String(c[0]));
}

describe('validateTrackEvent (§17.4)', () => {
  it('drops the event when the name is not a string or blank after trimming', () => {
    for (const name of [undefined, 5, '', '   ']) {
      const log = fakeLogger();
      expect(validateTrackEvent(name, {}, log)).toBeNull();
      expect(lines(log)).toEqual([
        'trackEvent: name must be a non-blank string of at most 255 characters; the call was ignored',
      ]);
    }
  });

  it('drops the event when the untrimmed name is longer than 255 characters', () => {
    const log = fakeLogger();
    expect(validateTrackEvent('a'.repeat(255), {}, log)).not.toBeNull();
    expect(validateTrackEvent(`${'a'.repeat(254)}  `, {}, log)).toBeNull();
    expect(lines(log)).toEqual([
      'trackEvent: name must be a non-blank string of at most 255 characters; the call was ignored',
    ]);
  });

  it('drops attributes whose key is empty or longer than 255 characters', () => {
    const log = fakeLogger();
    const out = validateTrackEvent('e', { '': 1, [`${'k'.repeat(256)}`]: 2, ok: 3 }, log);
    expect(out?.attributes).toEqual({ ok: 3 });
    expect(lines(log)).toHaveLength(1);
    expect(lines(log)[0]).toMatch(
      /^trackEvent: attributes has a key that is empty, reserved or longer than 255 characters; dropped \(and 1 more like it\)$/,
    );
  });

  it('keeps null values', () => {
    expect(validateTrackEvent('e', { a: null }, fakeLogger())?.attributes).toEqual({ a: null });
  });

  it('drops empty strings and strings longer than 2048 characters with a warning', () => {
    const log = fakeLogger();
    const out = validateTrackEvent(
      'e',
      { empty: '', long: 'x'.repeat(2049), max: 'x'.repeat(2048) },
      log,
    );
    expect(Object.keys(out!.attributes)).toEqual(['max']);
    expect(lines(log)).toEqual([
      'trackEvent: attributes.empty must be null, a number, a boolean or a string of 1 to 2048 characters; dropped (and 1 more like it)',
    ]);
  });

  it('keeps numbers and booleans and turns NaN and Infinity into null', () => {
    const log = fakeLogger();
    const out = validateTrackEvent(
      'e',
      { n: 2.5, t: true, f: false, nan: Number.NaN, inf: -Infinity },
      log,
    );
    expect(out?.attributes).toEqual({ n: 2.5, t: true, f: false, nan: null, inf: null });
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('drops undefined values with a warning', () => {
    const log = fakeLogger();
    expect(validateTrackEvent('e', { u: undefined }, log)?.attributes).toEqual({});
    expect(lines(log)).toEqual([
      'trackEvent: attributes.u must be null, a number, a boolean or a string of 1 to 2048 characters; dropped',
    ]);
  });

  it('drops objects, arrays and functions with a warning', () => {
    const log = fakeLogger();
    expect(validateTrackEvent('e', { o: {}, a: [], f: () => 1, b: 1n }, log)?.attributes).toEqual(
      {},
    );
    expect(lines(log)).toEqual([
      'trackEvent: attributes.o must be null, a number, a boolean or a string of 1 to 2048 characters; dropped (and 3 more like it)',
    ]);
  });

  it('still emits the event with empty attributes when every attribute was dropped', () => {
    expect(validateTrackEvent('e', { a: undefined }, fakeLogger())).toEqual({
      name: 'e',
      attributes: {},
    });
  });

  it('keeps the attribute order and returns a fresh object', () => {
    const input = { z: 1, a: 2 };
    const out = validateTrackEvent('e', input, fakeLogger());
    expect(Object.keys(out!.attributes)).toEqual(['z', 'a']);
    expect(out!.attributes).not.toBe(input);
  });

  it('treats missing attributes as none and non-object attributes as dropped', () => {
    expect(validateTrackEvent('e', undefined, fakeLogger())).toEqual({ name: 'e', attributes: {} });
    const log = fakeLogger();
    expect(validateTrackEvent('e', 'x', log)).toEqual({ name: 'e', attributes: {} });
    expect(lines(log)).toEqual(['trackEvent: attributes must be an object; dropped']);
  });

  it('drops a __proto__ attribute so nothing reaches a prototype', () => {
    const input = JSON.parse('{"__proto__":"x","ok":1}') as Record<string, unknown>;
    const out = validateTrackEvent('e', input, fakeLogger());
    expect(out?.attributes).toEqual({ ok: 1 });
    expect(Object.getPrototypeOf(out!.attributes)).toBe(Object.prototype);
  });

  it('drops an attribute whose getter throws', () => {
    const input = {
      get bad(): string {
        throw new Error('x');
      },
      ok: 1,
    };
    expect(validateTrackEvent('e', input, fakeLogger())?.attributes).toEqual({ ok: 1 });
  });

  it('drops the attributes read through a revoked Proxy without throwing', () => {
    const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
    revoke();
    const log = fakeLogger();
    expect(validateTrackEvent('e', proxy, log)).toEqual({ name: 'e', attributes: {} });
    expect(lines(log)).toEqual(['trackEvent: attributes could not be read; dropped']);
  });
});
