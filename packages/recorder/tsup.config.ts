import { defineConfig } from 'tsup';

export default defineConfig({
  // `protocol` is the `./protocol` subpath: constants the core and the dev server import.
  entry: ['src/index.ts', 'src/protocol.ts'],
  // Each entry self-contained: `protocol` stays a tiny file with no import of the recorder code.
  splitting: false,
  format: ['esm', 'cjs'],
  sourcemap: true,
  clean: true,
  target: 'es2020',
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
});
