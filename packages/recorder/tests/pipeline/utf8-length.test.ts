import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../src/pipeline/utf8-length.js';

describe('utf8Length', () => {
  it('counts the same bytes as TextEncoder for ASCII, accented, CJK and emoji text', () => {
    for (const text of [
      '',
      'plain ascii',
      'café',
      'naïve résumé',
      '日本語のテキスト',
      '😀 and 👩‍👩‍👧',
      'mixed é 日 😀 x',
    ]) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('counts a lone surrogate as the 3 bytes of its U+FFFD replacement', () => {
    expect(utf8Length('a\ud800b')).toBe(new TextEncoder().encode('a\ud800b').length);
    expect(utf8Length('\udc00')).toBe(3);
  });

  it('is at least the UTF-16 length for any text', () => {
    const text = 'ü'.repeat(100) + 'a'.repeat(100);
    expect(utf8Length(text)).toBe(300);
    expect(utf8Length(text)).toBeGreaterThan(text.length);
  });
});
