import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  // The same build-time constants as tsup.config.ts, so tests see the real header values.
  define: {
    __MILANA_VERSION__: JSON.stringify(pkg.version),
    __MILANA_GIT_HASH__: JSON.stringify('testhash'),
  },
  resolve: {
    // The default loaders' `import('@milana-js/recorder')` and
    // `import('@milana-js/core/integrations')` are resolved when a file is transformed; point them
    // at the sources so core tests do not depend on a build (and mock the same module as
    // `../src/integrations`).
    alias: {
      // Before the package name: an alias also matches the paths under it.
      '@milana-js/recorder/protocol': fileURLToPath(
        new URL('../recorder/src/protocol.ts', import.meta.url),
      ),
      '@milana-js/recorder/context-console': fileURLToPath(
        new URL('../recorder/src/context/console.ts', import.meta.url),
      ),
      '@milana-js/recorder/context': fileURLToPath(
        new URL('../recorder/src/context/index.ts', import.meta.url),
      ),
      '@milana-js/recorder': fileURLToPath(new URL('../recorder/src/index.ts', import.meta.url)),
      '@milana-js/core/integrations': fileURLToPath(
        new URL('./src/integrations.ts', import.meta.url),
      ),
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    // The public types' tests (`*.test-d.ts`) are checked by the TypeScript compiler, not run.
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
