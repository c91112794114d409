import { afterEach, describe, expect, it, vi } from 'vitest';
import { elementOf, eventElement, guard } from '../../../src/capture/plugins/plugin-kit.js';
import { fakeContext } from './fake-context.js';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('guard', () => {
  it('passes the arguments through and returns normally', () => {
    const seen: unknown[] = [];
    guard(fakeContext(), 'p', (a: number, b: string) => seen.push(a, b))(1, 'x');
    expect(seen).toEqual([1, 'x']);
  });

  it('logs a thrown error at debug level with the plugin name instead of rethrowing', () => {
    const ctx = fakeContext();
    const error = new Error('boom');
    expect(() =>
      guard(ctx, 'milana/x@1', () => {
        throw error;
      })(),
    ).not.toThrow();
    expect(ctx.log.debug).toHaveBeenCalledWith(
      'plugin milana/x@1 failed; the event is skipped',
      error,
    );
  });

  it('swallows the failure even when the logger itself throws', () => {
    const ctx = fakeContext();
    ctx.log.debug = vi.fn(() => {
      throw new Error('logger down');
    });
    expect(() =>
      guard(ctx, 'p', () => {
        throw new Error('boom');
      })(),
    ).not.toThrow();
  });
});

describe('eventElement', () => {
  it('reaches the element inside an open shadow root that the window only sees as the host', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const inner = document.createElement('button');
    host.attachShadow({ mode: 'open' }).append(inner);
    let seen: Element | null = null;
    const listener = (e: Event) => {
      seen = eventElement(e);
      expect(e.target).toBe(host);
    };
    window.addEventListener('click', listener, true);
    inner.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    window.removeEventListener('click', listener, true);
    expect(seen).toBe(inner);
  });

  it('maps a text node target to its parent element', () => {
    document.body.innerHTML = '<p id="p">hello</p>';
    const text = document.getElementById('p')!.firstChild!;
    let seen: Element | null = null;
    const listener = (e: Event) => (seen = eventElement(e));
    window.addEventListener('paste', listener, true);
    text.dispatchEvent(new Event('paste', { bubbles: true }));
    window.removeEventListener('paste', listener, true);
    expect(seen).toBe(document.getElementById('p'));
  });

  it('returns null for the document or window as target', () => {
    let seen: Element | null | undefined;
    const listener = (e: Event) => (seen = eventElement(e));
    window.addEventListener('copy', listener, true);
    document.dispatchEvent(new Event('copy', { bubbles: true }));
    window.removeEventListener('copy', listener, true);
    expect(seen).toBeNull();
  });
});

describe('elementOf', () => {
  it('returns elements as they are, a text node parent, and null for nothing', () => {
    const p = document.createElement('p');
    p.textContent = 'x';
    expect(elementOf(p)).toBe(p);
    expect(elementOf(p.firstChild)).toBe(p);
    expect(elementOf(null)).toBeNull();
  });
});
