import { describe, expect, it } from 'vitest';
import { sanitizeMetaHref } from '../../src/capture/meta-href.js';

const redact = (url: string) => url.replace(/token=[^&]*/, 'token=--redacted--');

describe('sanitizeMetaHref', () => {
  it('passes the href of a Meta event through the sanitiser without touching the original', () => {
    const data = { href: 'https://a.example/x?token=abc', width: 800, height: 600 };
    const event = { type: 4, data, timestamp: 1 };
    expect(sanitizeMetaHref(event, redact)).toEqual({
      type: 4,
      data: { href: 'https://a.example/x?token=--redacted--', width: 800, height: 600 },
      timestamp: 1,
    });
    expect(data.href).toBe('https://a.example/x?token=abc');
  });

  it('returns any other event type unchanged', () => {
    const event = { type: 5, data: { href: 'https://a.example/?token=abc' }, timestamp: 1 };
    expect(sanitizeMetaHref(event, redact)).toBe(event);
  });

  it('returns a Meta event without a string href unchanged', () => {
    const event = { type: 4, data: { width: 1 }, timestamp: 1 };
    expect(sanitizeMetaHref(event, redact)).toBe(event);
  });
});
