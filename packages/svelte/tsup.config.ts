import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  sourcemap: true,
  clean: true,
  target: 'es2020',
  external: ['svelte', /^svelte\//, '@milana-js/core'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
});
