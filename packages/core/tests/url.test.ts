import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUrlSanitizer } from '../src/url';

afterEach(() => vi.unstubAllGlobals());

describe('createUrlSanitizer (§18)', () => {
  const sanitize = createUrlSanitizer();

  it('always drops the fragment', () => {
    expect(sanitize('https://app.example.com/a?x=1#secret')).toBe('https://app.example.com/a?x=1');
    expect(sanitize('https://app.example.com/a#top')).toBe('https://app.example.com/a');
  });

  it('drops the whole query when shouldTrackQueryParams is false', () => {
    const noQuery = createUrlSanitizer({ shouldTrackQueryParams: false });
    expect(noQuery('https://app.example.com/a?plan=team&token=x#f')).toBe(
      'https://app.example.com/a',
    );
  });

  it('keeps the query when shouldTrackQueryParams is true or unset', () => {
    expect(
      createUrlSanitizer({ shouldTrackQueryParams: true })('https://a.example/?plan=team'),
    ).toBe('https://a.example/?plan=team');
    expect(sanitize('https://a.example/?plan=team')).toBe('https://a.example/?plan=team');
  });

  it('redacts the spec example: token and code but not foo', () => {
    expect(sanitize('https://a.example/p?token=abc&foo=1&code=9')).toBe(
      'https://a.example/p?token=--redacted--&foo=1&code=--redacted--',
    );
  });

  it('matches deny patterns case-insensitively', () => {
    expect(sanitize('https://a.example/?TOKEN=x&my_password=y&JWT=z')).toBe(
      'https://a.example/?TOKEN=--redacted--&my_password=--redacted--&JWT=--redacted--',
    );
  });

  it('matches jwt and code only as the whole key', () => {
    expect(sanitize('https://a.example/?jwt_hint=1&zipcode=2&code=3')).toBe(
      'https://a.example/?jwt_hint=1&zipcode=2&code=--redacted--',
    );
  });

  it('redacts keys containing token, password, secret, key, auth, nonce or csrf', () => {
    const keys = ['access_token', 'password', 'clientSecret', 'apikey', 'oauth', 'nonce', 'x-csrf'];
    const query = keys.map((k) => `${k}=v`).join('&');
    const result = new URL(sanitize(`https://a.example/?${query}`));
    for (const key of keys) expect(result.searchParams.get(key)).toBe('--redacted--');
  });

  it('accepts false positives such as monkey (contains key)', () => {
    expect(sanitize('https://a.example/?monkey=1')).toBe('https://a.example/?monkey=--redacted--');
  });

  it('adds customer deny patterns to the defaults instead of replacing them', () => {
    const custom = createUrlSanitizer({ queryTrackingParamsDenyList: [/^email$/i] });
    expect(custom('https://a.example/?email=a%40b.c&token=t&plan=p')).toBe(
      'https://a.example/?email=--redacted--&token=--redacted--&plan=p',
    );
  });

  it('normalises g and y flags so every matching key is redacted', () => {
    const custom = createUrlSanitizer({ queryTrackingParamsDenyList: [/email/g, /^uid/y] });
    expect(custom('https://a.example/?email=1&email2=2&uid=3&uid2=4')).toBe(
      'https://a.example/?email=--redacted--&email2=--redacted--&uid=--redacted--&uid2=--redacted--',
    );
    expect(custom('https://a.example/?email=1')).toBe('https://a.example/?email=--redacted--');
  });

  it('ignores entries of the deny list that are not RegExps', () => {
    const custom = createUrlSanitizer({ queryTrackingParamsDenyList: ['plan' as never, /^x$/] });
    expect(custom('https://a.example/?plan=1&x=2')).toBe(
      'https://a.example/?plan=1&x=--redacted--',
    );
  });

  it('collapses duplicate denied keys into one entry at the first position', () => {
    expect(sanitize('https://a.example/?a=1&token=x&b=2&token=y')).toBe(
      'https://a.example/?a=1&token=--redacted--&b=2',
    );
  });

  it('keeps duplicate keys that are not denied', () => {
    expect(sanitize('https://a.example/?tag=a&tag=b')).toBe('https://a.example/?tag=a&tag=b');
  });

  it('re-serialises the query with URLSearchParams rules', () => {
    expect(sanitize('https://a.example/?q=a b&flag&x=%7e')).toBe(
      'https://a.example/?q=a+b&flag=&x=%7E',
    );
  });

  it('tests the decoded key against the deny patterns', () => {
    expect(sanitize('https://a.example/?%74oken=1')).toBe('https://a.example/?token=--redacted--');
  });

  it('resolves relative URLs against location.href', () => {
    vi.stubGlobal('location', { href: 'https://app.example.com/base/page?x=1' });
    expect(sanitize('/next?token=t#h')).toBe('https://app.example.com/next?token=--redacted--');
    expect(sanitize('other')).toBe('https://app.example.com/base/other');
  });

  it('gives the sanitised page URL for an empty string (the init-time referrer)', () => {
    vi.stubGlobal('location', { href: 'https://app.example.com/p?token=t&x=1#h' });
    expect(sanitize('')).toBe('https://app.example.com/p?token=--redacted--&x=1');
  });

  it('returns an empty string for unparseable input instead of throwing', () => {
    vi.stubGlobal('location', undefined);
    expect(sanitize('not a url')).toBe('');
    expect(sanitize('http://[::1')).toBe('');
    expect(sanitize(undefined as never)).toBe('');
  });

  it('survives privacy options whose getters throw', () => {
    const hostile = {
      get shouldTrackQueryParams(): boolean {
        throw new Error('x');
      },
      get queryTrackingParamsDenyList(): RegExp[] {
        throw new Error('x');
      },
    };
    expect(createUrlSanitizer(hostile)('https://a.example/?token=1')).toBe(
      'https://a.example/?token=--redacted--',
    );
  });
});
