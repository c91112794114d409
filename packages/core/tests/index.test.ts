// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';

const BROWSER_GLOBALS = [
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'history',
  'self',
];

describe('in a plain Node environment', () => {
  it('touches no browser global when imported', async () => {
    const touched: string[] = [];
    const g = globalThis as Record<string, unknown>;
    const saved = new Map<string, PropertyDescriptor | undefined>();
    for (const name of BROWSER_GLOBALS) {
      saved.set(name, Object.getOwnPropertyDescriptor(g, name));
      Object.defineProperty(g, name, {
        configurable: true,
        get() {
          touched.push(name);
          return undefined;
        },
      });
    }
    try {
      vi.resetModules();
      const core = await import('../src/index');
      expect(typeof core.init).toBe('function');
      expect(touched).toEqual([]);
    } finally {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(g, name, descriptor);
        else delete g[name];
      }
    }
  });

  it('creates no default client when imported', async () => {
    vi.resetModules();
    await import('../src/index');
    expect(
      (globalThis as Record<symbol, unknown>)[Symbol.for('milana-js.default-client')],
    ).toBeUndefined();
  });

  it('resolves { success: false } at once from every call and throws nothing', async () => {
    vi.resetModules();
    const core = await import('../src/index');
    const pending = [
      core.init('prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_x', { environment: 'e', version: '1' }),
      core.identify({ userId: 'u', email: 'e' }),
      core.updateUser({ userId: 'u' }),
      core.updateSession({ metadata: {} }),
      core.update({ session: {} }),
      core.stopRecording(),
    ];
    const settled: unknown[] = [];
    for (const p of pending) void p.then((r) => settled.push(r));
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toEqual(pending.map(() => ({ success: false })));
    expect(() => core.trackEvent('x')).not.toThrow();
    expect(() => core.initCrossOriginIframe()).not.toThrow();
    expect(core.getState()).toMatchObject({ status: 'idle', isInitialized: false });
    const seen: string[] = [];
    core.subscribe((s) => seen.push(s.status))();
    expect(seen).toEqual(['idle']);
  });

  it('makes no network request', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    try {
      vi.resetModules();
      const core = await import('../src/index');
      await core.init('prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_x', {
        environment: 'e',
        version: '1',
      });
      await core.identify({ userId: 'u', email: 'e' });
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
