import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';
import { licenceBanner, thirdPartyNoticesPlugin } from '../../scripts/licences.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  version: string;
};

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
 * In milana.js the recorder and the integration detection are files of their own
 * (milana-recorder.js, milana-integrations.js), fetched by the loaders the bundle passes to
 * `createMilana`; the core's default `import('@milana-js/recorder')` and
 * `import('@milana-js/core/integrations')` are never used there. An IIFE cannot split, so it
 * would bundle both inline: resolving them to an empty module keeps them out of milana.js.
 */
const lazyModulesLeftOut: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'milana-lazy-modules-left-out',
  setup(build) {
    build.onResolve({ filter: /^@milana-js\/(recorder|core\/integrations)$/ }, (args) => ({
      path: args.path,
      namespace: 'milana-left-out',
    }));
    build.onLoad({ filter: /.*/, namespace: 'milana-left-out' }, () => ({
      contents: 'export {};',
      loader: 'js',
    }));
  },
};

/**
 * Classic scripts for the script tag: everything bundled, minified, no module syntax. Each starts
 * with a licence banner and gets a `<file>.LICENSE.txt` beside it listing the third-party packages
 * it bundles, generated from the build's own inputs.
 *
 * `standIns` (esbuild's `alias`) replace a module by one of ours. In milana-recorder.js and
 * milana-capture.js the capture's lazily imported parts are sibling files too:
 * `import('@milana-js/recorder/context')` (in the recorder) and
 * `import('@milana-js/recorder/context-console')` (in the capture) resolve to stand-ins that fetch
 * milana-capture.js and milana-console.js when first started (src/script/*-sibling.ts), so a
 * script-tag session downloads the capture code only when `capture` asks for it.
 */
const script = (
  file: string,
  entry: string,
  {
    plugins = [],
    standIns = {},
  }: { plugins?: Options['esbuildPlugins']; standIns?: Record<string, string> } = {},
): Options => ({
  entry: { [file]: entry },
  banner: { js: licenceBanner(`${file}.js`, pkg.name, pkg.version) },
  esbuildPlugins: [...plugins, thirdPartyNoticesPlugin()],
  esbuildOptions(options) {
    options.alias = standIns;
  },
  format: ['iife'],
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  clean: false,
  dts: false,
  noExternal: [/.*/],
  outExtension: () => ({ js: '.js' }),
});

/**
 * One build per entry: the declaration bundler, given several entries at once, adds every
 * entry's external imports to each `.d.ts` (the root one then imported `vue` and `svelte/store`,
 * which breaks apps that installed neither). Alone, each entry's types import only its own.
 */
const entries = ['index', 'vue', 'svelte', 'testing', 'testing-vue', 'testing-svelte'];

export default defineConfig([
  ...entries.map((name): Options => ({ ...library, entry: { [name]: `src/${name}.ts` } })),
  // The React subpath is a client module for React server component frameworks: the directive
  // must be the first line of the built files, and esbuild drops directives from sources.
  { ...library, entry: { react: 'src/react.ts' }, banner: { js: '"use client";' } },
  script('milana', 'src/script/milana.ts', { plugins: [lazyModulesLeftOut] }),
  script('milana-recorder', 'src/script/recorder.ts', {
    standIns: { '@milana-js/recorder/context': './src/script/capture-sibling.ts' },
  }),
  script('milana-capture', 'src/script/capture.ts', {
    standIns: { '@milana-js/recorder/context-console': './src/script/console-sibling.ts' },
  }),
  script('milana-console', 'src/script/console.ts'),
  script('milana-integrations', 'src/script/integrations.ts'),
]);
