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
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.{ts,tsx}'],
    // Node loads the built core instead of Vite: Vite's import analysis would otherwise demand a
    // built `@milana-js/recorder` for the core's lazy import, which these tests never run (they
    // pass a fake recorder or get unsampled sessions).
    server: { deps: { external: [/\/packages\/core\/dist\//] } },
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
