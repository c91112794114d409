// Builds the static site into dist/: the pages with the ingest endpoint filled in, the demo
// script, and milana.js + milana-recorder.js + milana-integrations.js (with their maps and
// licence notices) copied from the installed milana-js package.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// `--out <dir>` builds elsewhere (the e2e suite builds one copy per dev server it starts).
const outFlag = process.argv.indexOf('--out');
const out =
  outFlag > 0 && process.argv[outFlag + 1]
    ? resolve(process.argv[outFlag + 1])
    : join(here, 'dist');
const endpoint = process.env.MILANA_ENDPOINT || 'http://127.0.0.1:4800';
if (!/^https?:\/\/[^\s"'<>]+$/.test(endpoint)) {
  console.error(`MILANA_ENDPOINT must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
  process.exit(1);
}

const sdkDist = join(
  dirname(createRequire(import.meta.url).resolve('milana-js/package.json')),
  'dist',
);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of readdirSync(join(here, 'src'))) {
  const from = join(here, 'src', name);
  if (name.endsWith('.html')) {
    writeFileSync(
      join(out, name),
      readFileSync(from, 'utf8').replaceAll('%MILANA_ENDPOINT%', endpoint),
    );
  } else {
    copyFileSync(from, join(out, name));
  }
}
const bundles = [
  'milana.js',
  'milana-recorder.js',
  'milana-capture.js',
  'milana-console.js',
  'milana-integrations.js',
];
// Each bundle travels with its source map and its third-party licence notices.
for (const name of bundles.flatMap((file) => [file, `${file}.map`, `${file}.LICENSE.txt`])) {
  try {
    copyFileSync(join(sdkDist, name), join(out, name));
  } catch {
    if (name.endsWith('.js')) {
      console.error(
        `${name} is missing in ${sdkDist}: build milana-js first (pnpm --filter milana-js build)`,
      );
      process.exit(1);
    }
  }
}
console.log(`script-tag example built into ${out} (endpoint ${endpoint})`);
