import { describe, expect, it } from 'vitest';
import {
  NO_CLASS,
  closestMatches,
  closestWithClass,
  hasClass,
  rrwebClass,
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

  it('matches a sticky pattern only at the start of a class name, on every call', () => {
    const pattern = statelessPattern(/secret/y);
    document.body.innerHTML = '<i id="a" class="secret-x"></i><i id="b" class="not-secret"></i>';
    const a = document.getElementById('a')!;
    const b = document.getElementById('b')!;
    expect([hasClass(a, pattern), hasClass(a, pattern), hasClass(b, pattern)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(pattern.flags).toBe('');
  });

  it('keeps the other flags and the alternatives of a sticky pattern under the anchor', () => {
    const pattern = statelessPattern(/pii|secret/giy);
    expect(pattern.flags).toBe('i');
    expect(['PII-name', 'Secret-x', 'no-pii'].map((name) => pattern.test(name))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('hands rrweb plain class names as they are and the others as exact patterns', () => {
    expect(rrwebClass('no-rec')).toBe('no-rec');
    expect(rrwebClass(/^pii-/)).toEqual(/^pii-/);
    expect(rrwebClass(undefined)).toBe(NO_CLASS);
    const odd = rrwebClass('1st:odd.x') as RegExp;
    expect(['1st:odd.x', '1st:oddax', 'a1st:odd.x'].map((name) => odd.test(name))).toEqual([
      true,
      false,
      false,
    ]);
    expect(['milana-block', '', 'x'].some((name) => NO_CLASS.test(name))).toBe(false);
  });

  it('treats a rule that is off as matching nothing', () => {
    document.body.innerHTML = '<p class="milana-mask"><b id="b">x</b></p>';
    expect(closestWithClass(document.getElementById('b'), undefined)).toBe(false);
  });

  it('answers false instead of throwing for a selector the browser rejects', () => {
    document.body.innerHTML = '<i id="i"></i>';
    expect(closestMatches(document.getElementById('i'), '[[nope')).toBe(false);
  });
});
