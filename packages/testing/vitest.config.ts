import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.{ts,tsx}'],
    // Node loads the built core instead of Vite, whose import analysis would otherwise demand a
    // built `@milana-js/recorder` for the core's lazy import; the mocks never start a session.
    server: { deps: { external: [/\/packages\/core\/dist\//] } },
  },
});
