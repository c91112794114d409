import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig, type Plugin } from 'vitest/config';

const SERVER_TESTS = ['tests/server-render.test.ts'];
const SVELTE4_TESTS = ['tests/svelte4-runtime.test.ts'];
const SVELTE4_APP_TESTS = ['tests/svelte4-app.test.ts'];

// Svelte 4's compiler, typed here: Svelte 4's type file declares the `svelte` modules globally
// and would clash with Svelte 5's types in this package. `compile` is a module function (no `this`).
interface Svelte4Compiler {
  compile: (
    source: string,
    options: { filename: string; generate: 'dom'; discloseVersion: boolean },
  ) => { js: { code: string; map: unknown }; warnings: { message: string }[] };
}

/**
 * Compiles `.svelte` files with the Svelte 4 compiler, as `svelte-loader`/`vite-plugin-svelte@3`
 * would in a Svelte 4 app. The output imports `svelte/internal`, which the `svelte4-app` project
 * resolves to Svelte 4. Plain JavaScript components only (no preprocessor); a warning fails.
 */
function svelte4Compile(): Plugin {
  const { compile } = createRequire(import.meta.url)('svelte4/compiler') as Svelte4Compiler;
  return {
    name: 'milana:svelte4-compile',
    transform(source, id) {
      if (!id.endsWith('.svelte')) return null;
      const { js, warnings } = compile(source, {
        filename: id,
        generate: 'dom',
        discloseVersion: false,
      });
      if (warnings.length > 0) this.error(warnings.map((w) => w.message).join('\n'));
      return { code: js.code, map: js.map as never };
    },
  };
}

// Four projects: the DOM tests resolve Svelte's browser build (svelteTesting adds the `browser`
// condition), the server-rendering test must get the server build that SvelteKit SSR uses, the
// Svelte 4 runtime test compiles its component itself with the Svelte 4 compiler (no Svelte
// plugin) while the package keeps Svelte 5's `svelte/store`, and the Svelte 4 app test resolves
// `svelte` and every `svelte/...` (the package's own imports included) to Svelte 4.
export default defineConfig({
  resolve: {
    // Workspace packages resolve to their sources (the `source` export condition; Vite's default
    // conditions follow), so these tests run against the core's current code without a build.
    conditions: ['source', 'module', 'browser', 'development|production'],
    // The recorder entry only: its `./protocol` subpath (constants the core imports) stays real.
    alias: [
      {
        find: /^@milana-js\/recorder$/,
        replacement: fileURLToPath(new URL('./tests/no-recorder.ts', import.meta.url)),
      },
    ],
  },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: {
    projects: [
      {
        extends: true,
        plugins: [svelte(), svelteTesting()],
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['tests/**/*.test.ts'],
          exclude: [...SERVER_TESTS, ...SVELTE4_TESTS, ...SVELTE4_APP_TESTS],
        },
      },
      {
        extends: true,
        plugins: [svelte()],
        test: { name: 'server', environment: 'node', include: SERVER_TESTS },
      },
      {
        extends: true,
        test: { name: 'svelte4', environment: 'happy-dom', include: SVELTE4_TESTS },
      },
      {
        extends: true,
        plugins: [svelte4Compile()],
        // `svelte4` is the npm alias of svelte@4; `svelte4` itself does not match the pattern.
        // Without `browser`, Svelte 4's `svelte` is its server build (onMount does nothing).
        resolve: {
          alias: [{ find: /^svelte(\/.*)?$/, replacement: 'svelte4$1' }],
          conditions: ['browser'],
        },
        test: { name: 'svelte4-app', environment: 'happy-dom', include: SVELTE4_APP_TESTS },
      },
    ],
  },
});
