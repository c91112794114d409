// Builds the inspector's files into a folder: the replay bundle (rrweb-player, bundled with
// esbuild so the page needs no framework build or CDN) plus the static page, script and styles.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(packageDir, 'package.json'));

/**
 * @param {string} outDir folder to write, relative to the package or absolute
 */
export async function buildInspector(outDir) {
  const out = resolve(packageDir, outDir);
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(packageDir, 'inspector', 'replay-entry.js')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    outfile: join(out, 'replay.js'),
    logLevel: 'warning',
  });
  copyFileSync(require.resolve('rrweb-player/dist/style.css'), join(out, 'replay.css'));
  // The page and its ES modules, copied as they are (src/inspector/static-files.ts lists them).
  const modules = readdirSync(join(packageDir, 'inspector')).filter(
    (file) => file.endsWith('.js') && file !== 'replay-entry.js',
  );
  for (const file of ['index.html', 'app.css', ...modules]) {
    copyFileSync(join(packageDir, 'inspector', file), join(out, file));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildInspector(process.argv[2] ?? 'dist/inspector');
}
