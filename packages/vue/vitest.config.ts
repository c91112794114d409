import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const vue33 = dirname(require.resolve('vue-3.3/package.json'));
// Test Utils' `node` entry is CommonJS, whose `require('vue')` no alias can reach: use its ESM build.
const testUtilsEsm = require
  .resolve('@vue/test-utils')
  .replace(/vue-test-utils\.cjs\.js$/, 'vue-test-utils.esm-bundler.mjs');

// The suite runs against Vue 3.5 (the devDependency) and against Vue 3.3, the oldest supported
// version (installed as `vue-3.3`), which has no `app.onUnmount`. Test Utils is inlined so that
// its own `import 'vue'` takes the alias too. Server rendering runs on 3.5 only: the 3.3 server
// renderer would resolve Vue 3.5 from outside Vite.
export default defineConfig({
  plugins: [vue()],
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
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    projects: [
      { extends: true, test: { name: 'vue-3.5', env: { MILANA_VUE_VERSION: '3.5' } } },
      {
        extends: true,
        test: {
          name: 'vue-3.3',
          env: { MILANA_VUE_VERSION: '3.3' },
          exclude: ['tests/server-render.test.ts'],
          server: { deps: { inline: ['@vue/test-utils'] } },
        },
        resolve: {
          alias: [
            { find: /^vue$/, replacement: vue33 },
            { find: /^@vue\/test-utils$/, replacement: testUtilsEsm },
          ],
        },
      },
    ],
  },
});
