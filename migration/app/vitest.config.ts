import { defineConfig } from 'vitest/config';

// The configuration a typical 1.0.x app uses for its component and integration tests.
export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
