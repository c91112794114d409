import { describe, expect, it } from 'vitest';
import {
  classSelector,
  closestMatches,
  closestWithClass,
  statelessPattern,
} from '../../src/capture/class-match.js';

describe('class matching', () => {
  it('finds a class on an ancestor by exact name or by pattern', () => {
    document.body.innerHTML = '<div class="outer secret-zone"><span id="leaf">x</span></div>';
    const leaf = document.getElementById('leaf');
    expect(closestWithClass(leaf, 'secret-zone')).toBe(true);
    expect(closestWithClass(leaf, 'secret')).toBe(false);
    expect(closestWithClass(leaf, /^secret-/)).toBe(true);
  });

  it('gives the same answer on every call for a pattern with the g flag', () => {
    document.body.innerHTML = '<p class="pii"><b id="b">x</b></p>';
    const pattern = statelessPattern(/pii/g);
    const b = document.getElementById('b');
    expect([
      closestWithClass(b, pattern),
      closestWithClass(b, pattern),
      closestWithClass(b, pattern),
    ]).toEqual([true, true, true]);
  });

  it('escapes class names so they work in a selector', () => {
    document.body.innerHTML = '<i class="1st:odd" id="i"></i>';
    const selector = classSelector('1st:odd');
    expect(document.querySelector(selector)?.id).toBe('i');
  });

  it('answers false instead of throwing for a selector the browser rejects', () => {
    document.body.innerHTML = '<i id="i"></i>';
    expect(closestMatches(document.getElementById('i'), '[[nope')).toBe(false);
  });
});
