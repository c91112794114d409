import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  sourcemap: true,
  clean: true,
  target: 'es2020',
  external: ['react', '@milana-js/core'],
  // esbuild drops module-level directives, so the client-module marker for React server
  // component frameworks (Next.js App Router) is added back as the first line of each file.
  banner: { js: '"use client";' },
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
});
