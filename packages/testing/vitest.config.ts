import { defineConfig } from 'vitest/config';

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
  },
});
