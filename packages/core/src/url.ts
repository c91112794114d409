import type { PrivacyOptions } from './types';

const REDACTED = '--redacted--';

/** §18 defaults: exactly `jwt`, exactly `code`, or containing one of the secret-ish words. */
const DEFAULT_DENY: readonly RegExp[] = [
  /^jwt$/i,
  /^code$/i,
  /token|password|secret|key|auth|nonce|csrf/i,
];

function isRegExp(value: unknown): value is RegExp {
  try {
    return Object.prototype.toString.call(value) === '[object RegExp]';
  } catch {
    return false;
  }
}

/**
 * Customer patterns without `g`/`y`: with those flags `RegExp.test` keeps `lastIndex` between
 * calls and would skip every other matching key.
 */
function denyPatterns(privacy: PrivacyOptions | undefined): RegExp[] {
  const patterns = [...DEFAULT_DENY];
  let extra: unknown;
  try {
    extra = privacy?.queryTrackingParamsDenyList;
  } catch {
    extra = undefined;
  }
  if (!Array.isArray(extra)) return patterns;
  for (const item of extra) {
    if (!isRegExp(item)) continue;
    try {
      patterns.push(new RegExp(item.source, item.flags.replace(/[gy]/g, '')));
    } catch {
      // An exotic RegExp subclass that cannot be copied is skipped, never fatal.
    }
  }
  return patterns;
}

/** The page URL, or undefined where there is no `location` or reading it throws. */
export function currentHref(): string | undefined {
  try {
    return typeof location === 'undefined' ? undefined : location.href;
  } catch {
    return undefined;
  }
}

/**
 * Build the URL sanitiser of §18 for the given privacy options. The returned function drops the
 * fragment, drops the whole query when `shouldTrackQueryParams` is false, and otherwise redacts
 * the value of every query key matching a deny pattern (defaults plus
 * `queryTrackingParamsDenyList`) with `--redacted--`, re-serialising the query with
 * URLSearchParams. Relative URLs resolve against `location.href`. Unparseable input gives `''`.
 *
 * @example
 * ```ts
 * const sanitize = createUrlSanitizer({ queryTrackingParamsDenyList: [/^email$/] });
 * sanitize('https://a.example/p?token=abc&foo=1#top'); // 'https://a.example/p?token=--redacted--&foo=1'
 * ```
 */
export function createUrlSanitizer(privacy?: PrivacyOptions): (url: string) => string {
  let trackQuery = true;
  try {
    trackQuery = privacy?.shouldTrackQueryParams !== false;
  } catch {
    trackQuery = true;
  }
  const patterns = denyPatterns(privacy);
  const denied = (key: string): boolean => patterns.some((pattern) => pattern.test(key));

  return (url: string): string => {
    try {
      if (typeof url !== 'string') return '';
      const parsed = new URL(url, currentHref());
      parsed.hash = '';
      if (!trackQuery) {
        parsed.search = '';
        return parsed.href;
      }
      if (parsed.search === '') return parsed.href;
      const input = new URLSearchParams(parsed.search);
      const output = new URLSearchParams();
      const redactedKeys = new Set<string>();
      for (const [key, value] of input) {
        if (!denied(key)) {
          output.append(key, value);
        } else if (!redactedKeys.has(key)) {
          // Like URLSearchParams.set: one entry, at the position of the first occurrence.
          redactedKeys.add(key);
          output.append(key, REDACTED);
        }
      }
      parsed.search = output.toString();
      return parsed.href;
    } catch {
      return '';
    }
  };
}
