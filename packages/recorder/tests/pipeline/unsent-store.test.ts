import { beforeEach, describe, expect, it } from 'vitest';
import { EventBuffer } from '../../src/pipeline/event-buffer.js';
import {
  loadUnsent,
  removeUnsent,
  saveUnsent,
  unsentMark,
} from '../../src/pipeline/unsent-store.js';

function buffered(...events: object[]): EventBuffer {
  const buffer = new EventBuffer();
  for (const e of events) buffer.push(JSON.stringify(e), (e as { timestamp: number }).timestamp);
  return buffer;
}

beforeEach(() => sessionStorage.clear());

describe('unsent store', () => {
  it('round-trips events of the same session, with their timestamps, and removes the key', () => {
    const buffer = buffered(
      { type: 3, data: { a: 'é' }, timestamp: 5 },
      { type: 2, data: {}, timestamp: 6 },
    );
    expect(saveUnsent('sess_1', 'm1', buffer.all())).toBe(2);
    expect(unsentMark()).toBe('m1');
    expect(loadUnsent('sess_1')).toEqual([
      { json: '{"type":3,"data":{"a":"é"},"timestamp":5}', timestamp: 5 },
      { json: '{"type":2,"data":{},"timestamp":6}', timestamp: 6 },
    ]);
    removeUnsent();
    expect(sessionStorage.getItem('milana_unsent')).toBeNull();
  });

  it('drops an unreadable tail', () => {
    sessionStorage.setItem('milana_unsent', '{not json');
    expect(loadUnsent('sess_1')).toEqual([]);
    expect(sessionStorage.getItem('milana_unsent')).toBeNull();
  });

  it('writes nothing when not even the oldest event fits in 2 MiB', () => {
    const buffer = buffered({ type: 3, data: { t: 'x'.repeat(2_097_152) }, timestamp: 1 });
    expect(saveUnsent('sess_1', 'm1', buffer.all())).toBe(0);
    expect(sessionStorage.getItem('milana_unsent')).toBeNull();
  });

  it('never throws when sessionStorage itself cannot be reached', () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'sessionStorage');
    Object.defineProperty(globalThis, 'sessionStorage', {
      configurable: true,
      get: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    try {
      const buffer = buffered({ type: 3, data: {}, timestamp: 1 });
      expect(saveUnsent('sess_1', 'm1', buffer.all())).toBe(0);
      expect(loadUnsent('sess_1')).toEqual([]);
      expect(unsentMark()).toBeNull();
      expect(() => removeUnsent()).not.toThrow();
    } finally {
      if (original) Object.defineProperty(globalThis, 'sessionStorage', original);
    }
  });
});
