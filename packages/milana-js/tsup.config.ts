import { defineConfig, type Options } from 'tsup';

/**
 * npm entry points. They re-export the `@milana-js/*` packages, which stay external (they are
 * dependencies): one copy of each package per app, and the core keeps its lazy recorder import.
 */
const library: Options = {
  format: ['esm', 'cjs'],
  sourcemap: true,
  clean: false, // several configs write into dist at once; `build` empties it first
  target: 'es2020',
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
};

/**
 * In milana.js the recorder is the second file, fetched by the loader the bundle passes to
 * `createMilana`; the core's default `import('@milana-js/recorder')` is never used there. Resolving
 * it to an empty module keeps the recorder (and rrweb) out of milana.js. Only the recorder: the
 * core's `import('@milana-js/core/integrations')` must reach the real module, which an IIFE
 * bundles inline (it cannot split).
 */
const recorderLeftOut: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'milana-recorder-left-out',
  setup(build) {
    build.onResolve({ filter: /^@milana-js\/recorder$/ }, () => ({
      path: 'recorder',
      namespace: 'milana-left-out',
    }));
    build.onLoad({ filter: /.*/, namespace: 'milana-left-out' }, () => ({
      contents: 'export {};',
      loader: 'js',
    }));
  },
};

/** Classic scripts for the script tag: everything bundled, minified, no module syntax. */
const script: Options = {
  format: ['iife'],
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  clean: false,
  dts: false,
  noExternal: [/.*/],
  outExtension: () => ({ js: '.js' }),
};

export default defineConfig([
  {
    ...library,
    entry: {
      index: 'src/index.ts',
      vue: 'src/vue.ts',
      svelte: 'src/svelte.ts',
      testing: 'src/testing.ts',
      'testing-vue': 'src/testing-vue.ts',
      'testing-svelte': 'src/testing-svelte.ts',
    },
  },
  // The React subpath is a client module for React server component frameworks: the directive
  // must be the first line of the built files, and esbuild drops directives from sources.
  { ...library, entry: { react: 'src/react.ts' }, banner: { js: '"use client";' } },
  { ...script, entry: { milana: 'src/script/milana.ts' }, esbuildPlugins: [recorderLeftOut] },
  { ...script, entry: { 'milana-recorder': 'src/script/recorder.ts' } },
]);
