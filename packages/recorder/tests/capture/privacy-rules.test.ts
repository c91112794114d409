import { describe, expect, it } from 'vitest';
import { resolvePrivacyRules } from '../../src/capture/privacy-rules.js';
import { fakeLog } from './fake-log.js';

describe('resolvePrivacyRules', () => {
  it('defaults to the normal level with password, email and tel masked', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules({}, log);
    expect(rules.level).toBe('normal');
    expect([...rules.maskInputTypes]).toEqual(['password', 'email', 'tel']);
    expect(rules).toMatchObject({
      blockClass: 'milana-block',
      ignoreClass: 'milana-ignore',
      maskTextClass: 'milana-mask',
      maskInputClass: 'milana-mask',
    });
    expect(rules.unmaskClass).toBeUndefined();
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

  it('accepts the object form of maskInputTypes: true adds a type, false never unmasks one', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules(
      { privacy: { maskInputTypes: { url: true, Search: true, email: false, tel: false } } },
      log,
    );
    expect([...rules.maskInputTypes].sort()).toEqual(['email', 'password', 'search', 'tel', 'url']);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('warns about maskInputTypes values it cannot use and keeps the defaults', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules(
      { privacy: { maskInputTypes: { url: 'yes' as unknown as boolean, week: true } } },
      log,
    );
    expect([...rules.maskInputTypes].sort()).toEqual(['email', 'password', 'tel', 'week']);
    expect(log.warn.mock.calls.map((c) => c[0])).toEqual([
      'init: privacy.maskInputTypes.url must be true or false; it is ignored',
    ]);
    const other = fakeLog();
    resolvePrivacyRules({ privacy: { maskInputTypes: 'url' as unknown as string[] } }, other);
    expect(other.warn.mock.calls[0]?.[0]).toMatch(/privacy\.maskInputTypes must be an object/);
  });

  it('says in one info line that unmask options have no effect at the normal level', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules(
      { privacy: { unmaskClass: 'public', unmaskSelector: '.open' } },
      log,
    );
    expect(rules.unmaskClass).toBeUndefined();
    expect(rules.unmaskSelector).toBeUndefined();
    expect(log.warn).not.toHaveBeenCalled();
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(log.info.mock.calls[0]?.[0]).toMatch(
      /init: privacy\.unmaskClass and privacy\.unmaskSelector have no effect at maskingLevel "normal"/,
    );
  });

  it('replaces milana-unmask with the unmask class at the high level', () => {
    const rules = resolvePrivacyRules(
      { privacy: { maskingLevel: 'high', unmaskClass: 'public', unmaskSelector: '[data-public]' } },
      fakeLog(),
    );
    expect(rules.unmaskClass).toBe('public');
    expect(rules.unmaskSelector).toBe('[data-public]');
    expect(resolvePrivacyRules({ privacy: { maskingLevel: 'high' } }, fakeLog()).unmaskClass).toBe(
      'milana-unmask',
    );
  });

  it('turns a class rule off with "" without a warning', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules(
      {
        privacy: {
          maskingLevel: 'xhigh',
          blockClass: '',
          ignoreClass: '',
          maskTextClass: '',
          maskInputClass: '',
          unmaskClass: '',
        },
      },
      log,
    );
    expect(rules).toMatchObject({
      blockClass: undefined,
      ignoreClass: undefined,
      maskTextClass: undefined,
      maskInputClass: undefined,
      unmaskClass: undefined,
    });
    expect(log.warn).not.toHaveBeenCalled();
    expect(log.info).not.toHaveBeenCalled();
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

  it('makes class patterns stateless: g dropped, y turned into an anchor at the start', () => {
    const rules = resolvePrivacyRules(
      { privacy: { maskTextClass: /secret/gi, blockClass: /secret/y } },
      fakeLog(),
    );
    expect((rules.maskTextClass as RegExp).flags).toBe('i');
    expect(rules.blockClass).toEqual(/^(?:secret)/);
  });

  it('warns about a class option with spaces and keeps the default class in force', () => {
    const log = fakeLog();
    const rules = resolvePrivacyRules({ privacy: { blockClass: 'two classes' } }, log);
    expect(rules.blockClass).toBe('milana-block');
    expect(log.warn.mock.calls[0]?.[0]).toMatch(
      /privacy\.blockClass must be one class name, "" or a RegExp; "two classes" is ignored and "milana-block" stays in force/,
    );
  });
});
