import type { RecorderOptions } from '../host.js';

/**
 * Whether regular `/batch` bodies are gzipped (§12): only on `https:` pages (the page's protocol,
 * not the endpoint's), when the browser has `CompressionStream` and `ReadableStream`, and unless
 * `_internal.shouldForceUncompressedPayloads` is set.
 *
 * @example
 * ```ts
 * if (canGzip(options)) body = await gzipText(text);
 * ```
 */
export function canGzip(options: RecorderOptions): boolean {
  if (options._internal?.shouldForceUncompressedPayloads === true) return false;
  try {
    return (
      typeof location !== 'undefined' &&
      location.protocol === 'https:' &&
      typeof CompressionStream === 'function' &&
      typeof ReadableStream === 'function'
    );
  } catch {
    return false;
  }
}

/**
 * The UTF-8 bytes of `text`, gzipped with `CompressionStream('gzip')`. Rejects when compression
 * fails; the caller then sends the plain text.
 *
 * @example
 * ```ts
 * const bytes = await gzipText('{"version":1}');
 * ```
 */
export async function gzipText(text: string): Promise<Uint8Array> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // Not awaited before reading: a large write only settles once the readable side is drained.
  const written = writer.write(new TextEncoder().encode(text)).then(() => writer.close());
  // A failed write also errors the reader; this keeps the write's own rejection from going unhandled.
  written.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  await written;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
