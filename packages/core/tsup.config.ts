import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

// The git hash is a build fact; a tarball build outside a checkout honestly says 'unknown'.
function gitHash(): string {
  try {
    return (
      execSync('git rev-parse --short HEAD', {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || 'unknown'
    );
  } catch {
    return 'unknown';
  }
}

export default defineConfig({
  // `integrations` is the `./integrations` subpath: the detection code the session imports lazily
  // (by the package's own name, so it stays a separate file that only some apps fetch).
  // `internal` is the `./internal` subpath: the state and merge rules the testing mock reuses.
  entry: ['src/index.ts', 'src/integrations.ts', 'src/internal.ts'],
  external: ['@milana-js/core/integrations'],
  // The protocol constants are bundled in (only those used), so the identity path stays one file
  // with no static import of the recorder package.
  noExternal: ['@milana-js/recorder/protocol'],
  // No shared chunk between the two entries: an app bundler would keep such a chunk as a second
  // file on the identity path. The few helpers `integrations` uses are copied into it instead.
  splitting: false,
  format: ['esm', 'cjs'],
  sourcemap: true,
  clean: true,
  target: 'es2020',
  define: {
    __MILANA_VERSION__: JSON.stringify(pkg.version),
    __MILANA_GIT_HASH__: JSON.stringify(gitHash()),
  },
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  esbuildOptions(options) {
    // Members named `_x` are internal to one class or module and never cross a package, the wire
    // or storage, so their names can be shortened. `_internal` is a public init option (types.ts).
    options.mangleProps = /^_/;
    options.reserveProps = /^(_internal|__proto__)$/;
  },
});
