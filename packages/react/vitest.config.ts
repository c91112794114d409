import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
const react18 = dirname(require.resolve('react-18/package.json'));
const reactDom18 = dirname(require.resolve('react-dom-18/package.json'));

// The whole suite runs twice: against React 19 (the devDependency) and against React 18.3, which
// is installed under the aliases `react-18`/`react-dom-18`. Vite's aliases cover our sources and
// tests; tests/react-18-setup.ts covers the `require('react')` calls inside node_modules.
export default defineConfig({
  resolve: {
    // Workspace packages resolve to their sources (the `source` export condition; Vite's default
    // conditions follow), so these tests run against the core's current code without a build.
    conditions: ['source', 'module', 'browser', 'development|production'],
  },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.{ts,tsx}'],
    projects: [
      { extends: true, test: { name: 'react-19', env: { MILANA_REACT_MAJOR: '19' } } },
      {
        extends: true,
        test: {
          name: 'react-18',
          env: { MILANA_REACT_MAJOR: '18' },
          setupFiles: ['./tests/react-18-setup.ts'],
        },
        resolve: {
          alias: [
            { find: /^react$/, replacement: react18 },
            { find: /^react\/(.*)$/, replacement: `${react18}/$1` },
            { find: /^react-dom$/, replacement: reactDom18 },
            { find: /^react-dom\/(.*)$/, replacement: `${reactDom18}/$1` },
          ],
        },
      },
    ],
  },
});
