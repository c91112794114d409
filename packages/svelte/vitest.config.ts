import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

const SERVER_TESTS = ['tests/server-render.test.ts'];

// Two projects: the DOM tests resolve Svelte's browser build (svelteTesting adds the `browser`
// condition), the server-rendering test must get the server build that SvelteKit SSR uses.
export default defineConfig({
  resolve: {
    alias: {
      '@milana-js/recorder': fileURLToPath(new URL('./tests/no-recorder.ts', import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        plugins: [svelte(), svelteTesting()],
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['tests/**/*.test.ts'],
          exclude: SERVER_TESTS,
        },
      },
      {
        extends: true,
        plugins: [svelte()],
        test: { name: 'server', environment: 'node', include: SERVER_TESTS },
      },
    ],
  },
});
