import { afterEach, describe, expect, it, vi } from 'vitest';
import { isBrowser, safeStorage } from '../src/env';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('isBrowser', () => {
  it('is true in a window with a document', () => {
    expect(isBrowser()).toBe(true);
  });

  it('is false without a window', () => {
    vi.stubGlobal('window', undefined);
    expect(isBrowser()).toBe(false);
  });

  it('is false without a document', () => {
    vi.stubGlobal('document', undefined);
    expect(isBrowser()).toBe(false);
  });

  it('is false inside a worker scope even when a window shim exists', () => {
    class WorkerGlobalScope {}
    vi.stubGlobal('WorkerGlobalScope', WorkerGlobalScope);
    Object.setPrototypeOf(WorkerGlobalScope.prototype, Object.getPrototypeOf(globalThis));
    const original = Object.getPrototypeOf(globalThis);
    Object.setPrototypeOf(globalThis, WorkerGlobalScope.prototype);
    try {
      expect(isBrowser()).toBe(false);
    } finally {
      Object.setPrototypeOf(globalThis, original);
    }
  });

  it('is false instead of throwing when probing the window throws', () => {
    vi.spyOn(window, 'document', 'get').mockImplementation(() => {
      throw new Error('cross-origin');
    });
    expect(isBrowser()).toBe(false);
  });
});

describe('safeStorage', () => {
  it('returns localStorage and sessionStorage', () => {
    expect(safeStorage('local')).toBe(window.localStorage);
    expect(safeStorage('session')).toBe(window.sessionStorage);
  });

  it('returns null when accessing the storage throws, as in a sandboxed iframe', () => {
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(safeStorage('session')).toBeNull();
  });

  it('returns null without a window', () => {
    vi.stubGlobal('window', undefined);
    expect(safeStorage('local')).toBeNull();
  });
});
