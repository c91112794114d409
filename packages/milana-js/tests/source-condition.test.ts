// @vitest-environment node
/**
 * The workspace-only `source` export condition (src/*.ts, resolved by the bindings' vitest
 * configs) must not reach a published package: `pnpm pack` publishes `publishConfig.exports`
 * instead. That copy must be the exports map without `source`, or a subpath added to one map and
 * not the other would be published wrong. The consumer test checks the packed result.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packagesDir = resolve(fileURLToPath(import.meta.url), '../../..');
const PUBLISHED = ['milana-js', 'core', 'recorder', 'react', 'vue', 'svelte', 'testing'];

type Exports = Record<string, string | Record<string, unknown>>;

function withoutSource(exports: Exports): Exports {
  return Object.fromEntries(
    Object.entries(exports).map(([subpath, target]) => {
      if (typeof target === 'string') return [subpath, target];
      const { source: _source, ...rest } = target;
      return [subpath, rest];
    }),
  );
}

describe.each(PUBLISHED)('the package.json of %s', (folder) => {
  const dir = join(packagesDir, folder);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports: Exports;
    publishConfig?: { exports?: Exports };
  };

  it('gives every subpath a `source` condition, first, pointing at an existing src file', () => {
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue;
      expect(Object.keys(target)[0], subpath).toBe('source');
      expect(target.source, subpath).toMatch(/^\.\/src\/[\w/-]+\.tsx?$/);
      expect(existsSync(join(dir, target.source as string)), subpath).toBe(true);
    }
  });

  it('publishes the same exports without `source`', () => {
    expect(manifest.publishConfig?.exports).toEqual(withoutSource(manifest.exports));
  });
});
