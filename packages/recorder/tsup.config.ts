import { defineConfig } from 'tsup';

export default defineConfig({
  // `protocol` is the `./protocol` subpath: constants the core and the dev server import.
  // `context` is the `./context` subpath: the console/network/error capture, which the recorder
  // imports by that name (a self-reference, kept external) only when `init` asks for capture, so
  // bundlers make it a lazy chunk of its own. `context-console` is the console part with rrweb's
  // console plugin, imported the same way by `context` only when console capture is on.
  entry: {
    index: 'src/index.ts',
    protocol: 'src/protocol.ts',
    context: 'src/context/index.ts',
    'context-console': 'src/context/console.ts',
  },
  external: ['@milana-js/recorder/context', '@milana-js/recorder/context-console'],
  // Each entry self-contained: `protocol` stays a tiny file with no import of the recorder code.
  splitting: false,
  format: ['esm', 'cjs'],
  sourcemap: true,
  clean: true,
  target: 'es2020',
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
});
