import type { PrivacyOptions } from './types';
import { guard } from './env';
import { tagOf } from './metadata';

/**
 * §18 defaults, case-insensitive: exactly `jwt`, exactly `code`, or containing one of the
 * secret-ish words.
 */
const DEFAULT_DENY = /^(jwt|code)$|token|password|secret|key|auth|nonce|csrf/i;

/**
 * Build the URL sanitiser of §18 for the given privacy options. The returned function drops the
 * fragment, drops the whole query when `shouldTrackQueryParams` is false, and otherwise redacts
 * the value of every query key matching a deny pattern (defaults plus
 * `queryTrackingParamsDenyList`) with `--redacted--`, re-serialising the query with
 * URLSearchParams. Relative URLs resolve against `location.href` (so `''` gives the page URL).
 * Unparseable input gives `''`.
 *
 * @example
 * ```ts
 * const sanitize = createUrlSanitizer({ queryTrackingParamsDenyList: [/^email$/] });
 * sanitize('https://a.example/p?token=abc&foo=1#top'); // 'https://a.example/p?token=--redacted--&foo=1'
 * ```
 */
export function createUrlSanitizer(privacy?: PrivacyOptions): (url: string) => string {
  // The options come from app code: getters may throw, the list may be a hostile Proxy.
  const trackQuery = guard(() => privacy?.shouldTrackQueryParams !== false, true);
  const patterns = [DEFAULT_DENY];
  guard(() => {
    for (const item of privacy?.queryTrackingParamsDenyList ?? []) {
      // Copied without `g`/`y`: with those flags `RegExp.test` keeps `lastIndex` between calls
      // and would skip every other matching key. A value that is no RegExp, or one that cannot
      // be copied, is skipped.
      if (tagOf(item) === 'RegExp')
        guard(() => patterns.push(new RegExp(item.source, item.flags.replace(/[gy]/g, ''))));
    }
  });

  return (url) =>
    guard(() => {
      if (typeof url !== 'string') return '';
      const parsed = new URL(
        url,
        guard(() => location.href),
      );
      parsed.hash = '';
      if (!trackQuery) parsed.search = '';
      else if (parsed.search) {
        const output = new URLSearchParams();
        for (const [key, value] of new URLSearchParams(parsed.search)) {
          // Like URLSearchParams.set, a denied key keeps one entry, at its first position.
          if (!patterns.some((pattern) => pattern.test(key))) output.append(key, value);
          else if (!output.has(key)) output.append(key, '--redacted--');
        }
        parsed.search = output.toString();
      }
      return parsed.href;
    }, '');
}
