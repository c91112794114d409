import { describe, expect, it, vi } from 'vitest';
import { startContextCapture } from '../../src/context/index.js';
import { contextDeps, fakeConsole, settle } from './helpers.js';

// Counts the imports of rrweb's console plugin: it is a lazy chunk of its own, fetched only when
// console capture is on. The module itself is the real one.
const pluginLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock('@rrweb/rrweb-plugin-console-record', async (importOriginal) => {
  pluginLoads.count++;
  return importOriginal();
});

const fakeWindow = () => {
  const listeners: string[] = [];
  return {
    console: fakeConsole(),
    fetch: vi.fn(() => Promise.resolve(new Response('ok'))),
    location: { href: 'https://shop.example/cart' },
    addEventListener: (type: string) => listeners.push(type),
    removeEventListener: (type: string) => listeners.splice(listeners.indexOf(type), 1),
    listeners,
  };
};

// One file, in order: the first test must run before anything imported the plugin.
describe('startContextCapture', () => {
  it('never imports the console plugin when only network and errors are asked for', async () => {
    const win = fakeWindow();
    const originalFetch = win.fetch;
    const deps = contextDeps(win as never);
    const stop = startContextCapture(deps, { capture: { network: true, errors: true } });
    expect(win.fetch).not.toBe(originalFetch);
    expect(win.listeners).toEqual(['error', 'unhandledrejection']);
    await settle();
    expect(pluginLoads.count).toBe(0);
    stop();
    expect(win.fetch).toBe(originalFetch);
    expect(win.listeners).toEqual([]);
  });

  it('imports the plugin for console capture and records once it is there', async () => {
    const win = fakeWindow();
    const originalWarn = win.console.warn;
    const deps = contextDeps(win as never);
    const stop = startContextCapture(deps, { capture: { console: true } });
    await vi.waitFor(() => expect(win.console.warn).not.toBe(originalWarn));
    expect(pluginLoads.count).toBe(1);
    win.console.warn('low stock');
    expect(deps.emitted).toEqual([
      expect.objectContaining({
        plugin: 'rrweb/console@1',
        payload: expect.objectContaining({ level: 'warn', payload: ['"low stock"'] }),
      }),
    ]);
    stop();
    expect(win.console.warn).toBe(originalWarn);
  });

  it('never patches the console when stopped before the plugin arrived', async () => {
    const win = fakeWindow();
    const originalError = win.console.error;
    const deps = contextDeps(win as never);
    const stop = startContextCapture(deps, { capture: { console: { levels: ['error'] } } });
    stop();
    await settle();
    expect(win.console.error).toBe(originalError);
    win.console.error('after stop');
    expect(deps.emitted).toEqual([]);
  });

  it('checks the options in the chunk: a bad part gets one Milana line and stays off', async () => {
    const win = fakeWindow();
    const originalFetch = win.fetch;
    const deps = contextDeps(win as never);
    const stop = startContextCapture(deps, {
      capture: { network: 'yes', errors: true } as never,
    });
    expect(deps.log.warn).toHaveBeenCalledTimes(1);
    expect(deps.log.warn.mock.calls[0]![0]).toContain('options.capture.network must be');
    expect(win.fetch).toBe(originalFetch);
    expect(win.listeners).toEqual(['error', 'unhandledrejection']);
    stop();
    // Not an object at all: the one line, and nothing starts.
    const none = contextDeps(fakeWindow() as never);
    startContextCapture(none, { capture: 'all' as never })();
    expect(none.log.warn).toHaveBeenCalledTimes(1);
    expect(none.log.warn.mock.calls[0]![0]).toContain('options.capture must be an object');
  });
});
