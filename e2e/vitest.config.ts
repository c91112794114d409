import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Builds every example, starts the dev server and serves the examples once for all files.
    globalSetup: ['src/global-setup.ts'],
    // One file at a time: each file drives one example against the one shared dev server, and
    // the machine has two cores (the browser and the example's server use them).
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
