import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

const SERVER_TESTS = ['tests/server-render.test.ts'];
const SVELTE4_TESTS = ['tests/svelte4-runtime.test.ts'];

// Three projects: the DOM tests resolve Svelte's browser build (svelteTesting adds the `browser`
// condition), the server-rendering test must get the server build that SvelteKit SSR uses, and
// the Svelte 4 test compiles its component itself with the Svelte 4 compiler (no Svelte plugin).
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
          exclude: [...SERVER_TESTS, ...SVELTE4_TESTS],
        },
      },
      {
        extends: true,
        plugins: [svelte()],
        test: { name: 'server', environment: 'node', include: SERVER_TESTS },
      },
      {
        extends: true,
        test: { name: 'svelte4', environment: 'happy-dom', include: SVELTE4_TESTS },
      },
    ],
  },
});
