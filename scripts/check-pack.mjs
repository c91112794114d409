#!/usr/bin/env node
// Licence check of a packed tarball, run by each published package's `check:pack`:
//   node scripts/check-pack.mjs <package.tgz> [--bundle dist/milana.js ...]
// Fails (exit 1, one line per problem) unless the tarball carries an MIT LICENSE, declares MIT in
// its package.json, and every file that bundles other people's code (each --bundle, and any file
// whose banner names a notices file) starts with the licence banner and ships its notices file,
// which lists each bundled package with a version and a licence.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { NOTICES_SUFFIX } from './licences.mjs';

const BANNER = /^\/\*! (\S+) \(\S+ \S+\) \| MIT License \| third-party licences: (\S+) \*\/$/;

/** Every file below `dir`, as paths relative to it. */
function walk(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, base) : [relative(base, path)];
  });
}

/**
 * The problems found in an unpacked package folder (empty when it passes).
 * @param {string} root the unpacked `package/` folder
 * @param {string[]} bundles files that must carry a banner and notices
 */
export function licenceProblems(root, bundles) {
  const problems = [];
  const read = (file) => readFileSync(join(root, file), 'utf8');
  const licence = ['LICENSE', 'LICENSE.md', 'LICENCE'].find((f) => existsSync(join(root, f)));
  if (!licence) problems.push('no LICENSE file');
  else if (
    !/^MIT License\b/.test(read(licence)) ||
    !/Permission is hereby granted/.test(read(licence))
  )
    problems.push(`${licence} is not the MIT licence text`);
  const manifest = existsSync(join(root, 'package.json')) ? JSON.parse(read('package.json')) : {};
  if (manifest.license !== 'MIT')
    problems.push(`package.json "license" is ${manifest.license}, not MIT`);

  const files = walk(root);
  // Files that announce their notices in a banner must ship them too.
  const bannered = files.filter(
    (f) => f.endsWith('.js') && BANNER.test(read(f).split('\n', 1)[0] ?? ''),
  );
  for (const file of new Set([...bundles, ...bannered])) {
    if (!files.includes(file)) {
      problems.push(`${file}: missing`);
      continue;
    }
    const match = BANNER.exec(read(file).split('\n', 1)[0] ?? '');
    const notices = `${file}${NOTICES_SUFFIX}`;
    if (!match || match[1] !== basename(file) || match[2] !== basename(notices))
      problems.push(`${file}: does not start with the licence banner naming ${basename(notices)}`);
    if (!files.includes(notices)) {
      problems.push(`${notices}: missing`);
      continue;
    }
    const text = read(notices);
    if (!text.startsWith(`Third-party software in ${basename(file)}\n`))
      problems.push(`${notices}: not the notices of ${basename(file)}`);
    // Each listed package names a version and a licence: "- name 1.2.3 (MIT)".
    const listed = text.split('\n').filter((line) => line.startsWith('- '));
    for (const line of listed)
      if (!/^- \S+ .*\S \([^()]+\)$/.test(line))
        problems.push(`${notices}: malformed entry "${line}"`);
    if (!listed.length && !/bundles no third-party code/.test(text))
      problems.push(`${notices}: lists no packages`);
  }
  return problems;
}

if (process.argv[1] && basename(process.argv[1]) === 'check-pack.mjs') {
  const [tarball, ...rest] = process.argv.slice(2);
  const bundles = rest.filter((arg, i) => rest[i - 1] === '--bundle');
  if (!tarball) {
    console.error('usage: check-pack.mjs <package.tgz> [--bundle <file in package>]...');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'milana-check-pack-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', dir]);
    const problems = licenceProblems(join(dir, 'package'), bundles);
    for (const problem of problems) console.error(`check-pack: ${tarball}: ${problem}`);
    if (problems.length) process.exit(1);
    console.log(`check-pack: ${tarball}: licence, banners and notices present`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
