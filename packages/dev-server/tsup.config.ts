import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { buildInspector } from './scripts/build-inspector.mjs';

const { version } = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
) as { version: string };
const define = { __DEV_SERVER_VERSION__: JSON.stringify(version) };

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    platform: 'node',
    sourcemap: true,
    clean: false,
    target: 'node20',
    // import.meta.url locates the inspector files in the CJS build as well.
    shims: true,
    define,
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    onSuccess: () => buildInspector('dist/inspector'),
  },
  {
    entry: ['src/cli.ts'],
    format: ['esm'],
    platform: 'node',
    sourcemap: true,
    target: 'node20',
    define,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
