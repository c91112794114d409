import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
    // The consumer test packs and installs tarballs and the browser test drives Chromium: running
    // them one file at a time keeps the shared 2-core machine responsive.
    fileParallelism: false,
  },
});
