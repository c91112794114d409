// Point 8, as installed from the tarballs: every package carries the MIT LICENSE, and the
// script-tag files start with the licence banner and ship their third-party notices.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { work } from './work';

/** The folder of every milana package pnpm installed from the tarballs (in its .pnpm store). */
const installed = async (): Promise<string[]> => {
  const store = join(work(), 'app', 'node_modules', '.pnpm');
  const dirs: string[] = [];
  for (const entry of await readdir(store)) {
    const name = /^(@milana-js\+[\w-]+|milana-js)@file/.exec(entry)?.[1];
    if (name) dirs.push(join(store, entry, 'node_modules', name.replace('+', '/')));
  }
  return dirs;
};

describe('licences in the installed packages', () => {
  it('every milana package ships the MIT LICENSE', async () => {
    const dirs = await installed();
    expect(dirs.length).toBeGreaterThanOrEqual(7);
    for (const dir of dirs) {
      const text = await readFile(join(dir, 'LICENSE'), 'utf8');
      expect(text, dir).toMatch(/^MIT License\n/);
      expect(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).license).toBe('MIT');
    }
  });

  it.each([
    'milana.js',
    'milana-recorder.js',
    'milana-capture.js',
    'milana-console.js',
    'milana-integrations.js',
  ])('dist/%s starts with the licence banner and ships its notices', async (file) => {
    const dist = join(work(), 'app', 'node_modules', 'milana-js', 'dist');
    const banner = (await readFile(join(dist, file), 'utf8')).split('\n', 1)[0];
    expect(banner).toMatch(
      new RegExp(`^/\\*! ${file.replace('.', '\\.')} \\(milana-js [^)]+\\) \\| MIT License \\|`),
    );
    const notices = await readFile(join(dist, `${file}.LICENSE.txt`), 'utf8');
    expect(notices).toMatch(new RegExp(`^Third-party software in ${file.replace('.', '\\.')}\n`));
    if (file === 'milana-recorder.js')
      expect(notices).toMatch(/^- @rrweb\/record \d+\.\d+\.\d+ \(MIT\)$/m);
    if (file === 'milana-console.js')
      expect(notices).toMatch(/^- @rrweb\/rrweb-plugin-console-record \d+\.\d+\.\d+ \(MIT\)$/m);
  });
});
