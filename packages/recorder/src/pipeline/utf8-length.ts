/**
 * Number of bytes `text` takes as UTF-8, counted without allocating an encoded copy.
 * A lone surrogate counts as 3 bytes because encoders replace it with U+FFFD.
 *
 * @example
 * ```ts
 * utf8Length('aé€😀'); // 1 + 2 + 3 + 4 = 10
 * ```
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
