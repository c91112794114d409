import { defineConfig } from 'tsup';

export default defineConfig({
  // One file per entry point, so `@milana-js/testing` never loads a UI framework and
  // `@milana-js/testing/react` loads only React.
  entry: {
    index: 'src/index.ts',
    react: 'src/react.tsx',
    vue: 'src/vue.ts',
    svelte: 'src/svelte.ts',
  },
  format: ['esm', 'cjs'],
  sourcemap: true,
  clean: true,
  target: 'es2020',
  external: ['react', 'vue', 'svelte', /^@milana-js\//],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
});
