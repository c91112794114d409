// Packs the published packages and installs the tarballs into three throwaway projects outside
// the workspace, the way users get them from npm:
//   app/          the 1.0.x-style app test suite (app/ here): vitest + jsdom + React Testing Library
//   react-app/    a React-only app: milana-js, react, @types/react, typescript (no vue, no svelte)
//   vanilla-app/  a plain app: milana-js and typescript only
// Third-party versions are the workspace catalog's, so the store has them and the install is
// local. Every @milana-js/* dependency is pinned to its tarball (pnpm overrides), never the registry.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const migrationDir = resolve(here, '..');
const repo = resolve(migrationDir, '..');

/** Workspace folders whose tarballs an app gets through `milana-js`. */
const PACKED = ['milana-js', 'core', 'recorder', 'react', 'vue', 'svelte', 'testing'];

const APP_DEV = [
  'vitest',
  'jsdom',
  'react',
  'react-dom',
  '@testing-library/react',
  '@testing-library/dom',
  '@types/react',
  '@types/react-dom',
  'typescript',
];

/** The versions of the workspace catalog (pnpm-workspace.yaml), e.g. { react: '19.3.1' }. */
function catalog() {
  const text = readFileSync(join(repo, 'pnpm-workspace.yaml'), 'utf8');
  const block = text.split(/^catalog:\s*$/m)[1]?.split(/^\S/m)[0] ?? '';
  const versions = {};
  for (const line of block.split('\n')) {
    const m = /^\s+'?([^':]+)'?:\s*(\S+)\s*$/.exec(line);
    if (m) versions[m[1]] = m[2];
  }
  return versions;
}

function run(command, args, cwd) {
  // npm_* variables that pnpm passes to scripts would point the child tools at the workspace.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: 'pipe' });
}

/** Packs every published package into `dir`; returns { name: 'file:<tarball>' }. */
function pack(dir) {
  const tarballs = {};
  for (const folder of PACKED) {
    const pkgDir = join(repo, 'packages', folder);
    const before = new Set(readdirSync(dir));
    run('pnpm', ['pack', '--pack-destination', dir], pkgDir);
    const file = readdirSync(dir).find((name) => !before.has(name));
    if (!file) throw new Error(`pnpm pack wrote no tarball for packages/${folder}`);
    const { name } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    tarballs[name] = `file:${join(dir, file)}`;
  }
  return tarballs;
}

function install(project, { dependencies, devDependencies = {} }, overrides) {
  mkdirSync(project, { recursive: true });
  const manifest = {
    name: `milana-migration-${project.split(/[\\/]/).pop()}`,
    private: true,
    type: 'module',
    dependencies,
    devDependencies,
    pnpm: { overrides },
  };
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  run('pnpm', ['install', '--prefer-offline', '--ignore-scripts', '--reporter=silent'], project);
}

/** Creates and installs the three projects; returns the folder that holds them (removed on failure). */
export function prepare() {
  const work = mkdtempSync(join(tmpdir(), 'milana-migration-'));
  try {
    return packAndInstall(work);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

/** Packs the tarballs into `work` and installs the three projects there. */
function packAndInstall(work) {
  const tarballDir = join(work, 'tarballs');
  mkdirSync(tarballDir);
  const tarballs = pack(tarballDir);
  const versions = catalog();
  const pick = (names) => Object.fromEntries(names.map((n) => [n, versions[n]]));
  const milana = { 'milana-js': tarballs['milana-js'] };

  cpSync(join(migrationDir, 'app'), join(work, 'app'), { recursive: true });
  install(join(work, 'app'), { dependencies: milana, devDependencies: pick(APP_DEV) }, tarballs);
  for (const [name, extra] of [
    ['react-app', ['react', '@types/react', 'typescript']],
    ['vanilla-app', ['typescript']],
  ]) {
    cpSync(join(migrationDir, 'consumers', name), join(work, name), { recursive: true });
    cpSync(join(migrationDir, 'consumers', 'tsconfig'), join(work, name), { recursive: true });
    install(join(work, name), { dependencies: { ...milana, ...pick(extra) } }, tarballs);
  }
  return work;
}
