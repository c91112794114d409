import { describe, expect, it } from 'vitest';
import { resolvePrivacyRules } from '../../src/capture/privacy-rules.js';
import { fakeLog } from './fake-log.js';

describe('resolvePrivacyRules', () => {
  it('defaults to the normal level with password, email and tel masked', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules({}, log);
    expect(rules.level).toBe('normal');
    expect([...rules.maskInputTypes]).toEqual(['password', 'email', 'tel']);
    expect(rules.unmaskClasses).toEqual([]);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('adds maskInputTypes to the always-masked types and never removes them', () => {
    const rules = resolvePrivacyRules(
      { privacy: { maskInputTypes: ['Number', 'search'] } },
      fakeLog(),
    );
    expect([...rules.maskInputTypes].sort()).toEqual([
      'email',
      'number',
      'password',
      'search',
      'tel',
    ]);
  });

  it('ignores unmask options at the normal level with one warning naming both fields', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules(
      { privacy: { unmaskClass: 'public', unmaskSelector: '.open' } },
      log,
    );
    expect(rules.unmaskClasses).toEqual([]);
    expect(rules.unmaskSelector).toBeUndefined();
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]?.[0]).toMatch(
      /init: privacy\.unmaskClass and privacy\.unmaskSelector .*"normal"/,
    );
  });

  it('keeps milana-unmask next to the unmask class at the high level', () => {
    const rules = resolvePrivacyRules(
      { privacy: { maskingLevel: 'high', unmaskClass: 'public', unmaskSelector: '[data-public]' } },
      fakeLog(),
    );
    expect(rules.unmaskClasses).toEqual(['milana-unmask', 'public']);
    expect(rules.unmaskSelector).toBe('[data-public]');
  });

  it('warns about an invalid selector and ignores it without throwing', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules(
      { privacy: { blockSelector: 'div[[', maskSelector: '.ok' } },
      log,
    );
    expect(rules.blockSelector).toBeUndefined();
    expect(rules.maskSelector).toBe('.ok');
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(log.warn.mock.calls[0]?.[0]).toMatch(
      /^init: privacy\.blockSelector must be a valid CSS selector/,
    );
  });

  it('falls back to normal with a warning for an unknown masking level', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules({ privacy: { maskingLevel: 'max' as 'high' } }, log);
    expect(rules.level).toBe('normal');
    expect(log.warn.mock.calls[0]?.[0]).toMatch(/privacy\.maskingLevel/);
  });

  it('strips the g and y flags from class patterns', () => {
    const rules = resolvePrivacyRules({ privacy: { maskTextClass: /secret/gi } }, fakeLog());
    expect((rules.maskTextClass as RegExp).flags).toBe('i');
  });

  it('warns about a class option with spaces and ignores it', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules({ privacy: { blockClass: 'two classes' } }, log);
    expect(rules.blockClass).toBeUndefined();
    expect(log.warn.mock.calls[0]?.[0]).toMatch(
      /privacy\.blockClass must be one class name or a RegExp/,
    );
  });
});
