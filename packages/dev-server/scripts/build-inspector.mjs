// Builds the inspector's files into a folder: the replay bundle (rrweb-player, bundled with
// esbuild so the page needs no framework build or CDN) plus the static page, script and styles.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bundledPackages,
  licenceBanner,
  NOTICES_SUFFIX,
  noticesText,
} from '../../../scripts/licences.mjs';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(packageDir, 'package.json'));
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

/**
 * @param {string} outDir folder to write, relative to the package or absolute
 */
export async function buildInspector(outDir) {
  const out = resolve(packageDir, outDir);
  mkdirSync(out, { recursive: true });
  const { metafile } = await build({
    entryPoints: [join(packageDir, 'inspector', 'replay-entry.js')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    banner: { js: licenceBanner('replay.js', pkg.name, pkg.version) },
    outfile: join(out, 'replay.js'),
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: packageDir,
  });
  const css = require.resolve('rrweb-player/dist/style.css');
  copyFileSync(css, join(out, 'replay.css'));
  // replay.js bundles rrweb-player and what it depends on: list them, from the build's own inputs.
  const output = Object.keys(metafile.outputs).find((file) => file.endsWith('replay.js'));
  const player = JSON.parse(readFileSync(join(dirname(css), '..', 'package.json'), 'utf8'));
  writeFileSync(
    join(out, `replay.js${NOTICES_SUFFIX}`),
    noticesText(
      'replay.js',
      bundledPackages(metafile, output, packageDir),
      `replay.css is ${player.name} ${player.version}'s dist/style.css (${player.license}), copied unchanged.`,
    ),
  );
  // The page and its ES modules, copied as they are (src/inspector/static-files.ts lists them).
  const modules = readdirSync(join(packageDir, 'inspector')).filter(
    (file) => file.endsWith('.js') && file !== 'replay-entry.js',
  );
  for (const file of ['index.html', 'app.css', 'context-panel.css', ...modules]) {
    copyFileSync(join(packageDir, 'inspector', file), join(out, file));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildInspector(process.argv[2] ?? 'dist/inspector');
}
