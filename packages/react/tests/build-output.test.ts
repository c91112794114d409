// @vitest-environment node
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../tsup.config';

// Builds with the package's own tsup config into a temporary directory, so the check holds for
// what `pnpm build` ships without depending on a previous build.
let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'milana-react-build-'));
  await build({ ...(config as Options), outDir, dts: false, sourcemap: false, silent: true });
}, 60_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the built entry files', () => {
  it.each(['index.js', 'index.cjs'])('start %s with the "use client" directive', async (file) => {
    const text = await readFile(join(outDir, file), 'utf8');
    expect(text.split('\n')[0]).toBe('"use client";');
  });

  it('keeps react and the core as imports instead of bundling them', async () => {
    const text = await readFile(join(outDir, 'index.js'), 'utf8');
    expect(text).toMatch(/from ["']react["']/);
    expect(text).toMatch(/from ["']@milana-js\/core["']/);
    expect(text).toMatch(/from ["']react\/jsx-runtime["']/);
  });
});
