/**
 * Character masking for recorded text and input values (ingest-protocol §17.1).
 *
 * Plain masking turns every non-whitespace character into `*` and keeps whitespace, so word
 * boundaries survive but nothing readable does. Layout-preserving masking picks, per character, a
 * placeholder of roughly the same rendered width, so masked text wraps and aligns much like the
 * original in the replay. It is an approximation of proportional fonts, not a measurement:
 *
 * | original                                   | placeholder |
 * |--------------------------------------------|-------------|
 * | whitespace                                 | kept        |
 * | wide (CJK, Hangul, fullwidth forms, emoji) | `＊`        |
 * | `M W m w @ %`                              | `@`         |
 * | other uppercase letters, `&`               | `&`         |
 * | digits                                     | `#`         |
 * | `i j l f t r I 1` and punctuation          | `*`         |
 * | anything else (other lowercase letters…)   | `_`         |
 */

const NARROW = new Set(['i', 'j', 'l', 'f', 't', 'r', 'I', '1']);
const WIDEST = new Set(['M', 'W', 'm', 'w', '@', '%']);

/** Code point ranges rendered double-width (East Asian wide/fullwidth, emoji). */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function isWide(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return WIDE_RANGES.some(([from, to]) => code >= from && code <= to);
}

/** The width-matched placeholder for one character (whitespace is returned unchanged). */
export function layoutPlaceholder(char: string): string {
  if (/\s/.test(char)) return char;
  if (isWide(char)) return '＊';
  if (WIDEST.has(char)) return '@';
  if (/[A-Z&]/.test(char)) return '&';
  if (/[0-9]/.test(char)) return '#';
  if (NARROW.has(char) || /[\p{P}]/u.test(char)) return '*';
  return '_';
}

/**
 * Mask `text`: `*` per non-whitespace character, or width-matched placeholders when
 * `layoutPreserving` is true. Characters are code points, so an emoji becomes one placeholder.
 *
 * @example
 * ```ts
 * maskText('Hi Ann', false); // '** ***'
 * maskText('Hi 東京', true);  // '&* ＊＊'
 * ```
 */
export function maskText(text: string, layoutPreserving: boolean): string {
  let out = '';
  for (const char of text) {
    if (layoutPreserving) out += layoutPlaceholder(char);
    else out += /\s/.test(char) ? char : '*';
  }
  return out;
}

/**
 * A password value: always one `*` per character (code point), whatever the masking style, so
 * only its length is recorded.
 */
export function maskPassword(value: string): string {
  return '*'.repeat(Array.from(value).length);
}
