/**
 * Bundles code the way an app's production build would: esbuild, ESM with code splitting (so a
 * dynamic `import()` stays a lazy chunk), tree-shaken, minified, browser platform.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { BENCH_DIR } from './paths.mjs';

/**
 * @typedef {object} BundleFile
 * @property {string} file output path
 * @property {Uint8Array} bytes minified contents
 * @property {boolean} initial loaded at startup (the entry and its static imports), else lazy
 */

/**
 * Bundles `code` (an ES module resolved from bench/) into `outdir`.
 *
 * @example
 * const files = await bundle({ code: "export { init } from 'milana-js';", outdir, name: 'x' });
 *
 * @param {{ code: string, outdir: string, name: string, external?: string[], write?: boolean }} options
 * @returns {Promise<BundleFile[]>}
 */
export async function bundle({ code, outdir, name, external = [], write = false }) {
  const result = await build({
    stdin: { contents: code, resolveDir: BENCH_DIR, sourcefile: `${name}.mjs`, loader: 'js' },
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    treeShaking: true,
    platform: 'browser',
    target: 'es2020',
    outdir,
    entryNames: name,
    chunkNames: `${name}-chunk-[hash]`,
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    // A real app resolves our packages from npm, where no tsconfig.json ships. In the workspace
    // esbuild would apply packages/core/tsconfig.json's `paths` (which point the recorder at its
    // seam types) to core's dist, so per-directory tsconfig lookup is turned off.
    tsconfigRaw: '{}',
  });
  const outputs = result.metafile.outputs;
  const byPath = new Map(
    Object.keys(outputs).map((key) => [path.resolve(BENCH_DIR, key), outputs[key]]),
  );
  const entry = [...byPath.keys()].find((key) => byPath.get(key).entryPoint !== undefined);
  const initial = staticClosure(entry, byPath);
  const files = result.outputFiles.map((out) => ({
    file: out.path,
    bytes: out.contents,
    initial: initial.has(out.path),
  }));
  if (write) {
    await rm(outdir, { recursive: true, force: true });
    await mkdir(outdir, { recursive: true });
    await Promise.all(files.map((f) => writeFile(f.file, f.bytes)));
  }
  return files;
}

/** The entry plus everything it reaches through static imports: what a page loads before running. */
function staticClosure(entry, byPath) {
  const seen = new Set();
  const stack = [entry];
  while (stack.length > 0) {
    const current = stack.pop();
    if (seen.has(current)) continue;
    seen.add(current);
    for (const imp of byPath.get(current)?.imports ?? []) {
      if (imp.kind === 'import-statement' && !imp.external)
        stack.push(path.resolve(BENCH_DIR, imp.path));
    }
  }
  return seen;
}
