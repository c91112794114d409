import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// The capture link imports its lazy chunk by the package's own name; tests use the source.
const resolve = {
  alias: {
    '@milana-js/recorder/context': fileURLToPath(
      new URL('./src/context/index.ts', import.meta.url),
    ),
    '@milana-js/recorder/context-console': fileURLToPath(
      new URL('./src/context/console.ts', import.meta.url),
    ),
  },
};

// Two projects so the fast DOM unit tests never wait on Chromium: `unit` (jsdom) and `browser`
// (Node, driving the Debian Chromium through playwright-core). Both run under `vitest run`.
export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/browser/**'],
        },
      },
      {
        resolve,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          // Each browser file launches Chromium; on two shared cores they run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
