import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their sources (the `source` export condition; Vite's default
    // conditions follow), so these tests run against the core's current code without a build.
    conditions: ['source', 'module', 'browser', 'development|production'],
  },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    // The consumer test packs and installs tarballs and the browser test drives Chromium: running
    // them one file at a time keeps the shared 2-core machine responsive.
    fileParallelism: false,
  },
});
