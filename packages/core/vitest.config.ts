import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // The same build-time constants as tsup.config.ts, so tests see the real header values.
  define: {
    __MILANA_VERSION__: JSON.stringify(pkg.version),
    __MILANA_GIT_HASH__: JSON.stringify('testhash'),
  },
  test: { environment: 'jsdom', include: ['tests/**/*.test.ts', 'src/**/*.test.ts'] },
});
