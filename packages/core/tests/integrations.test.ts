import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectIntegrations } from '../src/integrations';

const PH = 'ph_phc_abc123_posthog';

function setCookie(name: string, value: string): void {
  document.cookie = `${name}=${encodeURIComponent(value)}; path=/`;
}

function clearCookies(): void {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

function posthog(sessionId: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ $sesid: [1700000000000, sessionId, 1700000005000], ...extra });
}

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
  sessionStorage.clear();
  clearCookies();
});

describe('detectIntegrations (§7.7)', () => {
  it('reads no storage or cookie at all when no kinds are enabled', () => {
    const getItem = vi.spyOn(Storage.prototype, 'getItem');
    const key = vi.spyOn(Storage.prototype, 'key');
    const cookie = vi.spyOn(document, 'cookie', 'get');
    sessionStorage.setItem('sentryReplaySession', '{"id":"r"}');
    expect(detectIntegrations([])).toBeNull();
    expect(getItem).not.toHaveBeenCalled();
    expect(key).not.toHaveBeenCalled();
    expect(cookie).not.toHaveBeenCalled();
  });

  it('takes the Sentry replay id from the id of sessionStorage sentryReplaySession', () => {
    sessionStorage.setItem('sentryReplaySession', JSON.stringify({ id: 'abc', started: 1 }));
    expect(detectIntegrations(['sentry'])).toEqual({ sentry: { replayId: 'abc' } });
  });

  it('ignores a Sentry entry that is malformed, not an object or has an empty or non-string id', () => {
    for (const raw of ['{bad', '"abc"', '{"id":""}', '{"id":5}', '{}']) {
      sessionStorage.setItem('sentryReplaySession', raw);
      expect(detectIntegrations(['sentry'])).toBeNull();
    }
  });

  it('does not read Sentry from localStorage', () => {
    localStorage.setItem('sentryReplaySession', '{"id":"abc"}');
    expect(detectIntegrations(['sentry'])).toBeNull();
  });

  it('takes the PostHog session id from the second element of $sesid', () => {
    localStorage.setItem(PH, posthog('0191-sess'));
    expect(detectIntegrations(['posthog'])).toEqual({ posthog: { sessionId: '0191-sess' } });
  });

  it('requires a PostHog session id', () => {
    localStorage.setItem(PH, JSON.stringify({ distinct_id: 'd', $sesid: [1] }));
    expect(detectIntegrations(['posthog'])).toBeNull();
    localStorage.setItem(PH, JSON.stringify({ distinct_id: 'd' }));
    expect(detectIntegrations(['posthog'])).toBeNull();
  });

  it('maps distinct_id and $user_id when they are non-empty strings', () => {
    localStorage.setItem(PH, posthog('s', { distinct_id: 'd', $user_id: 'u' }));
    expect(detectIntegrations(['posthog'])).toEqual({
      posthog: { sessionId: 's', distinctId: 'd', userId: 'u' },
    });
    localStorage.setItem(PH, posthog('s', { distinct_id: '', $user_id: 7 }));
    expect(detectIntegrations(['posthog'])).toEqual({ posthog: { sessionId: 's' } });
  });

  it('finds the PostHog key in sessionStorage when localStorage has none', () => {
    sessionStorage.setItem(PH, posthog('from-session'));
    expect(detectIntegrations(['posthog'])).toEqual({ posthog: { sessionId: 'from-session' } });
  });

  it('finds the PostHog key in a URI-encoded cookie when neither storage has one', () => {
    setCookie(PH, posthog('from-cookie', { distinct_id: 'd c' }));
    expect(detectIntegrations(['posthog'])).toEqual({
      posthog: { sessionId: 'from-cookie', distinctId: 'd c' },
    });
  });

  it('uses the token of the first matching key, looking in localStorage before sessionStorage', () => {
    sessionStorage.setItem('ph_other_posthog', posthog('other'));
    localStorage.setItem(PH, posthog('mine'));
    expect(detectIntegrations(['posthog'])?.posthog?.sessionId).toBe('mine');
  });

  it('merges the three sources with precedence localStorage > cookie > sessionStorage', () => {
    sessionStorage.setItem(
      PH,
      posthog('s-session', { distinct_id: 'd-session', $user_id: 'u-session' }),
    );
    setCookie(PH, JSON.stringify({ distinct_id: 'd-cookie', $sesid: [0, 's-cookie', 0] }));
    localStorage.setItem(PH, JSON.stringify({ $sesid: [0, 's-local', 0] }));
    expect(detectIntegrations(['posthog'])).toEqual({
      posthog: { sessionId: 's-local', distinctId: 'd-cookie', userId: 'u-session' },
    });
  });

  it('treats malformed PostHog JSON in one place as absent and uses the others', () => {
    localStorage.setItem(PH, '{oops');
    sessionStorage.setItem(PH, posthog('still-found'));
    expect(detectIntegrations(['posthog'])).toEqual({ posthog: { sessionId: 'still-found' } });
  });

  it('only reads the kinds that were enabled', () => {
    sessionStorage.setItem('sentryReplaySession', '{"id":"r"}');
    localStorage.setItem(PH, posthog('s'));
    expect(detectIntegrations(['sentry'])).toEqual({ sentry: { replayId: 'r' } });
    expect(detectIntegrations(['posthog'])).toEqual({ posthog: { sessionId: 's' } });
    expect(detectIntegrations(['sentry', 'posthog'])).toEqual({
      sentry: { replayId: 'r' },
      posthog: { sessionId: 's' },
    });
  });

  it('returns null when nothing is found', () => {
    expect(detectIntegrations(['sentry', 'posthog'])).toBeNull();
  });

  it('never throws when storage and cookies throw', () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('denied');
    });
    vi.spyOn(document, 'cookie', 'get').mockImplementation(() => {
      throw new Error('denied');
    });
    expect(() => detectIntegrations(['sentry', 'posthog'])).not.toThrow();
    expect(detectIntegrations(['sentry', 'posthog'])).toBeNull();
  });
});
