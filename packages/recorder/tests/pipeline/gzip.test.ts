import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canGzip, gzipText } from '../../src/pipeline/gzip.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubProtocol(protocol: string): void {
  vi.stubGlobal('location', { protocol });
}

describe('canGzip', () => {
  it('compresses on an https page with CompressionStream available', () => {
    stubProtocol('https:');
    expect(canGzip({})).toBe(true);
  });

  it('does not compress on an http page', () => {
    stubProtocol('http:');
    expect(canGzip({})).toBe(false);
  });

  it('does not compress when _internal.shouldForceUncompressedPayloads is set', () => {
    stubProtocol('https:');
    expect(canGzip({ _internal: { shouldForceUncompressedPayloads: true } })).toBe(false);
  });

  it('does not compress when CompressionStream is missing', () => {
    stubProtocol('https:');
    vi.stubGlobal('CompressionStream', undefined);
    expect(canGzip({})).toBe(false);
  });
});

describe('gzipText', () => {
  it('produces gzip bytes that decode back to the UTF-8 text', async () => {
    const text = JSON.stringify({ version: 1, events: ['é日😀'.repeat(5000)] });
    const bytes = await gzipText(text);
    expect(bytes[0]).toBe(0x1f);
    expect(bytes[1]).toBe(0x8b);
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
  });

  it('rejects when the compressor cannot be created, so the caller can fall back', async () => {
    vi.stubGlobal(
      'CompressionStream',
      class {
        constructor() {
          throw new Error('unsupported');
        }
      },
    );
    await expect(gzipText('{}')).rejects.toThrow('unsupported');
  });
});
