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
    // The default loader's `import('@milana-js/recorder')` is resolved when a file is transformed;
    // point it at the recorder's source so core tests do not depend on the recorder's build.
    alias: {
      '@milana-js/recorder': fileURLToPath(new URL('../recorder/src/index.ts', import.meta.url)),
    },
  },
  test: { environment: 'jsdom', include: ['tests/**/*.test.ts', 'src/**/*.test.ts'] },
});
