// Licence banners and third-party notices for files that bundle someone else's code. The notices
// are generated from the bundle's actual inputs (esbuild's metafile), so they cannot drift from
// what the file contains. Used by the builds (tsup configs, the dev-server inspector build) and by
// scripts/check-pack.mjs.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** The suffix of a bundle's notices file: `milana-recorder.js` -> `milana-recorder.js.LICENSE.txt`. */
export const NOTICES_SUFFIX = '.LICENSE.txt';

/**
 * The one-line comment the built file starts with. `/*!` marks it as a legal comment, which
 * minifiers downstream keep.
 * @param {string} file the built file's name, e.g. `milana.js`
 * @param {string} packageName
 * @param {string} version
 */
export function licenceBanner(file, packageName, version) {
  return `/*! ${file} (${packageName} ${version}) | MIT License | third-party licences: ${file}${NOTICES_SUFFIX} */`;
}

/** The nearest package.json with a name and version above `file`, with its folder. */
function owningPackage(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const json = JSON.parse(readFileSync(manifest, 'utf8'));
    // Some packages ship a bare {"type":"module"} package.json inside dist; keep walking up.
    if (json.name && json.version) return { dir, json };
  }
  return null;
}

function licenceOf(json) {
  const field = json.license ?? json.licenses;
  if (typeof field === 'string') return field;
  if (Array.isArray(field)) return field.map((l) => l.type ?? l).join(' OR ');
  return field?.type ?? 'UNKNOWN';
}

const nameOf = (person) => (typeof person === 'string' ? person : person?.name);
const repoOf = (json) =>
  String(json.repository?.url ?? json.repository ?? '')
    .replace(/^git\+/, '')
    .replace(/^ssh:\/\/git@github\.com\//, 'https://github.com/')
    .replace(/\.git$/, '');

/**
 * The package's own licence file, or (many packages ship none, rrweb's among them) the fact
 * stated from its package.json: licence, author and repository, where the copyright notice lives.
 */
function licenceText(dir, json) {
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  if (file) return readFileSync(join(dir, file), 'utf8').trim();
  const who = nameOf(json.author) ?? 'its authors';
  return [
    `The package ships no licence file. Its package.json declares the ${licenceOf(json)} licence;`,
    `author: ${who}; copyright notice and licence text: ${repoOf(json) || 'not given'}.`,
  ].join('\n');
}

/** Where `dep` is installed as seen from `dir` (Node's lookup, without needing its exports map). */
function findInstalled(dir, dep) {
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    const candidates = [join(d, 'node_modules', dep)];
    if (basename(d) === 'node_modules') candidates.push(join(d, dep));
    const found = candidates.find((c) => existsSync(join(c, 'package.json')));
    if (found) return realpathSync(found);
  }
  return null;
}

/** The packages installed for `dir`'s package: its dependencies, theirs, and so on. */
function dependencyTree(dir, json, seen = new Map()) {
  for (const dep of Object.keys(json.dependencies ?? {})) {
    const depDir = findInstalled(dir, dep);
    if (!depDir || seen.has(depDir)) continue;
    const depJson = JSON.parse(readFileSync(join(depDir, 'package.json'), 'utf8'));
    seen.set(depDir, { dir: depDir, json: depJson });
    dependencyTree(depDir, depJson, seen);
  }
  return seen;
}

/**
 * Packages an input file from node_modules carries inside itself (a pre-bundled dist file such
 * as @rrweb/record's, which inlines rrweb, rrweb-snapshot, ...): read from the file's own source
 * map, each source mapped to the installed dependency it came from, by `node_modules/<name>` in
 * its path or by its monorepo folder (`repository.directory`).
 */
function innerPackages(file, owner, seen = new Set()) {
  const mapFile = `${file}.map`;
  if (seen.has(file) || !existsSync(mapFile)) return [];
  seen.add(file);
  const { sources = [], sourceRoot = '' } = JSON.parse(readFileSync(mapFile, 'utf8'));
  const tree = [...dependencyTree(owner.dir, owner.json).values()];
  const byName = (name) => tree.find((dep) => dep.json.name === name);
  const found = new Map();
  for (const source of sources) {
    const path = resolve(dirname(file), sourceRoot, source);
    if (path.startsWith(owner.dir + sep)) continue; // the package's own code
    const rel = relative(owner.dir, path).split(sep);
    // The path as written keeps its node_modules segment (resolving it can lose it under pnpm).
    const raw = source.split(/[\\/]/);
    const at = raw.lastIndexOf('node_modules');
    let dep;
    if (at >= 0) {
      const name = raw[at + 1]?.startsWith('@') ? raw.slice(at + 1, at + 3).join('/') : raw[at + 1];
      // Not among its installed dependencies (a devDependency it bundled): the copy Node finds.
      const dir = byName(name)?.dir ?? findInstalled(owner.dir, name);
      const json = dir ? JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) : { name };
      dep = { dir, json };
    } else {
      // `../../rrweb-snapshot/src/x.ts` from packages/record/dist: a sibling folder of the repo.
      const up = rel.findIndex((part) => part !== '..');
      const folder = rel[up];
      dep = tree.find(
        ({ json }) =>
          repoOf(json) === repoOf(owner.json) && json.repository?.directory?.endsWith(`/${folder}`),
      ) ?? { dir: null, json: { ...owner.json, name: folder, version: undefined } };
      // A sibling's pre-bundled dist file (rrweb-player inlines @rrweb/replay's, which inlines
      // rrweb's): what that file carries, from its own map, is bundled here too.
      const copy = dep.dir && join(dep.dir, ...rel.slice(up + 1));
      if (copy && existsSync(copy))
        for (const inner of innerPackages(copy, dep, seen)) found.set(inner.json.name, inner);
    }
    if (dep.json.name !== owner.json.name) found.set(dep.json.name, dep);
  }
  found.delete(owner.json.name);
  return [...found.values()];
}

/**
 * The third-party packages among an esbuild output's inputs: every input that lives under a
 * `node_modules` folder, grouped by the package it belongs to, plus the packages such an input
 * itself bundles (see `innerPackages`). Workspace packages (resolved to their real folders) are
 * our own code and are not listed.
 * @param {{ outputs: Record<string, { inputs: Record<string, unknown> }> }} metafile
 * @param {string} output the output's key in `metafile.outputs`
 * @param {string} cwd the build's working directory (metafile paths are relative to it)
 */
export function bundledPackages(metafile, output, cwd) {
  const found = new Map();
  for (const input of Object.keys(metafile.outputs[output]?.inputs ?? {})) {
    const path = resolve(cwd, input.replace(/^[\w-]+:/, ''));
    if (!path.split(sep).includes('node_modules')) continue;
    const owner = owningPackage(path);
    if (!owner) throw new Error(`licences: no package.json above bundled input ${input}`);
    const { name, version } = owner.json;
    if (!found.has(name))
      found.set(name, {
        name,
        version,
        license: licenceOf(owner.json),
        text: licenceText(owner.dir, owner.json),
        inside: new Map(),
      });
    for (const inner of innerPackages(path, owner)) {
      const json = { ...inner.json, author: inner.json.author ?? owner.json.author };
      const installed = inner.json.version ? `; installed beside it: ${inner.json.version}` : '';
      found.get(name).inside.set(json.name, {
        name: json.name,
        version: `(bundled inside ${name} ${version}${installed})`,
        license: licenceOf(json),
        text: inner.dir ? licenceText(inner.dir, json) : licenceText(owner.dir, json),
      });
    }
  }
  const all = [];
  for (const { inside, ...pkg } of found.values()) all.push(pkg, ...inside.values());
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The notices file's text for one built file.
 * @param {string} file the built file's name
 * @param {{ name: string, version: string, license: string, text: string | null }[]} packages
 * @param {string} [extra] more lines, e.g. for files copied beside the bundle
 */
export function noticesText(file, packages, extra = '') {
  const head = [
    `Third-party software in ${file}`,
    `Generated at build time from the bundle's inputs (esbuild metafile); do not edit.`,
    '',
    packages.length
      ? `${file} bundles these packages:`
      : `${file} bundles no third-party code; it is MIT licensed, see LICENSE.`,
    ...packages.map((p) => `- ${p.name} ${p.version} (${p.license})`),
  ];
  const bodies = packages.map((p) =>
    [
      '',
      '-'.repeat(78),
      `${p.name} ${p.version} (${p.license})`,
      '',
      p.text ?? `The package ships no licence file; its package.json declares ${p.license}.`,
    ].join('\n'),
  );
  return `${[...head, ...(extra ? ['', extra] : []), ...bodies].join('\n')}\n`;
}

/**
 * An esbuild plugin that writes `<output>.LICENSE.txt` beside each JavaScript output of the build,
 * listing the third-party packages it bundles.
 * @returns {{ name: string, setup(build: any): void }}
 */
export function thirdPartyNoticesPlugin() {
  return {
    name: 'milana-third-party-notices',
    setup(build) {
      build.initialOptions.metafile = true;
      build.onEnd((result) => {
        if (!result.metafile) return;
        const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
        for (const output of Object.keys(result.metafile.outputs)) {
          if (!output.endsWith('.js')) continue;
          const packages = bundledPackages(result.metafile, output, cwd);
          const file = basename(output);
          const target = resolve(cwd, output + NOTICES_SUFFIX);
          // Runs before the bundler writes its outputs, so the folder may not exist yet.
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, noticesText(file, packages));
        }
      });
    },
  };
}
