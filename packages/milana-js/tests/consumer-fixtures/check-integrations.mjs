// The core fetches its integration detection lazily with `import('@milana-js/core/integrations')`
// from its own dist files. Runs that very import from there (as ES module and as CommonJS code),
// imports and requires the subpath the way an app would, and calls the detector in Node, all with
// the guard armed.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const guard = globalThis.__milanaGuard;
const lazy = 'import("@milana-js/core/integrations")';
const dist = dirname(require.resolve('@milana-js/core'));
// Whether the shipped builds still load it with exactly this expression (else the probes below
// would not stand for them).
const shipped = {};
for (const file of ['index.js', 'index.cjs'])
  shipped[file] = (await readFile(join(dist, file), 'utf8')).includes(lazy);
// Probes beside the core's dist files resolve the specifier exactly as those files do.
await writeFile(join(dist, 'probe-integrations.mjs'), `export default () => ${lazy};\n`);
await writeFile(join(dist, 'probe-integrations.cjs'), `module.exports = () => ${lazy};\n`);
const loaders = {
  'from dist ESM': (await import(pathToFileURL(join(dist, 'probe-integrations.mjs')).href)).default,
  'from dist CJS': require(join(dist, 'probe-integrations.cjs')),
  'app import': () => import('@milana-js/core/integrations'),
  'app require': async () => require('@milana-js/core/integrations'),
};
const detected = {};
for (const [how, load] of Object.entries(loaders)) {
  const mod = await load();
  // No kinds: the detector reads nothing and finds nothing (§7.7).
  detected[how] = mod.detectIntegrations([]);
}
console.log(JSON.stringify({ touched: guard.touched, shipped, detected }));
