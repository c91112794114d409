import { describe, expect, it } from 'vitest';
import { layoutPlaceholder, maskPassword, maskText } from '../../src/capture/mask-text.js';

describe('maskText', () => {
  it('replaces every non-whitespace character with a star and keeps whitespace', () => {
    expect(maskText('Jane Doe\n42', false)).toBe('**** ***\n**');
  });

  it('counts an emoji as one character', () => {
    expect(maskText('ok 👍', false)).toBe('** *');
  });

  it('uses width-matched placeholders when layout preserving', () => {
    expect(maskText('Mail me 2x!', true)).toBe('@_** @_ #_*');
  });

  it('uses the fullwidth star for wide characters when layout preserving', () => {
    expect(maskText('東京 서울', true)).toBe('＊＊ ＊＊');
  });

  it('only ever uses the placeholder set when layout preserving', () => {
    const masked = maskText('The quick brown fox, 123 — ÉLAN ß 東 🎉', true);
    expect(masked).toMatch(/^[*#_&@＊\s]+$/u);
  });
});

describe('layoutPlaceholder', () => {
  it('maps narrow, digit, capital and widest glyphs to distinct placeholders', () => {
    expect(['i', '7', 'B', 'W', 'n', ' '].map(layoutPlaceholder)).toEqual([
      '*',
      '#',
      '&',
      '@',
      '_',
      ' ',
    ]);
  });
});

describe('maskPassword', () => {
  it('makes one star per character whatever the characters are', () => {
    expect(maskPassword('p@ss 東🎉')).toBe('*******');
  });
});
