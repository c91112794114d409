import { defineConfig } from 'vitest/config';

// This folder's own tests run against the projects scripts/prepare.mjs installed (MIGRATION_WORK);
// app/ and consumers/ are templates copied into them, tested there.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    testTimeout: 180_000,
    fileParallelism: false,
  },
});
