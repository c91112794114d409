// @vitest-environment node
/**
 * The licence part of `check:pack` (scripts/check-pack.mjs): it passes a tarball that carries
 * the MIT LICENSE, banners and notices, and fails one that lacks any of them. Also checks that the
 * built script-tag files carry what it looks for, with notices that match the bundle's inputs.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const script = join(repo, 'scripts', 'check-pack.mjs');
const dist = resolve(here, '../dist');

const BANNER = (file: string) =>
  `/*! ${file} (milana-js 9.9.9) | MIT License | third-party licences: ${file}.LICENSE.txt */`;
const NOTICES = (file: string) =>
  `Third-party software in ${file}\nGenerated at build time.\n\n${file} bundles these packages:\n- left-pad 1.3.0 (WTFPL)\n`;

let work = '';
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'milana-check-pack-test-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Writes `files` under package/ and packs them as npm would; returns the tarball's path. */
async function tarball(name: string, files: Record<string, string>): Promise<string> {
  const root = join(work, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, 'package', file)), { recursive: true });
    await writeFile(join(root, 'package', file), text);
  }
  const out = join(work, `${name}.tgz`);
  await run('tar', ['-czf', out, '-C', root, 'package']);
  return out;
}

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(command, args, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

const check = (file: string, ...bundles: string[]) =>
  run(process.execPath, [script, file, ...bundles.flatMap((b) => ['--bundle', b])]);

async function complete(): Promise<Record<string, string>> {
  return {
    LICENSE: await readFile(join(repo, 'LICENSE'), 'utf8'),
    'package.json': JSON.stringify({ name: 'x', version: '9.9.9', license: 'MIT' }),
    'dist/milana.js': `${BANNER('milana.js')}\n"use strict";`,
    'dist/milana.js.LICENSE.txt': NOTICES('milana.js'),
  };
}

describe('check-pack licence check', () => {
  it('passes a tarball with the MIT LICENSE, the banner and the notices', async () => {
    const result = await check(await tarball('ok', await complete()), 'dist/milana.js');
    expect(result).toMatchObject({ code: 0 });
  });

  it('fails without a LICENSE file', async () => {
    const { LICENSE: _, ...files } = await complete();
    const result = await check(await tarball('no-licence', files), 'dist/milana.js');
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/no LICENSE file/);
  });

  it('fails when the LICENSE is not MIT or package.json says otherwise', async () => {
    const files = await complete();
    files.LICENSE = 'All rights reserved.';
    files['package.json'] = JSON.stringify({ name: 'x', version: '1.0.0', license: 'ISC' });
    const result = await check(await tarball('not-mit', files));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/LICENSE is not the MIT licence text/);
    expect(result.output).toMatch(/"license" is ISC/);
  });

  it('fails when a bundle lacks its banner', async () => {
    const files = await complete();
    files['dist/milana.js'] = '"use strict";';
    const result = await check(await tarball('no-banner', files), 'dist/milana.js');
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/dist\/milana\.js: does not start with the licence banner/);
  });

  it('fails when a bundle lacks its notices, named on the command line or by its banner', async () => {
    const { 'dist/milana.js.LICENSE.txt': _, ...files } = await complete();
    const file = await tarball('no-notices', files);
    for (const result of [await check(file, 'dist/milana.js'), await check(file)]) {
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/milana\.js\.LICENSE\.txt: missing/);
    }
  });

  it('fails when a named bundle is missing or its notices list a package without version', async () => {
    const files = await complete();
    files['dist/milana.js.LICENSE.txt'] = NOTICES('milana.js').replace(
      'left-pad 1.3.0',
      'left-pad',
    );
    const result = await check(await tarball('bad-notices', files), 'dist/milana.js', 'dist/x.js');
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/dist\/x\.js: missing/);
    expect(result.output).toMatch(/malformed entry "- left-pad \(WTFPL\)"/);
  });
});

describe('the built script-tag files', () => {
  it.each([
    'milana.js',
    'milana-recorder.js',
    'milana-capture.js',
    'milana-console.js',
    'milana-integrations.js',
  ])('%s starts with the licence banner and has its notices beside it', async (file) => {
    const first = (await readFile(join(dist, file), 'utf8')).split('\n', 1)[0];
    expect(first).toMatch(/^\/\*! .* \| MIT License \| third-party licences: /);
    expect(first).toContain(`${file}.LICENSE.txt`);
    const notices = await readFile(join(dist, `${file}.LICENSE.txt`), 'utf8');
    expect(notices.startsWith(`Third-party software in ${file}\n`)).toBe(true);
  });

  it("lists rrweb's packages in milana-recorder.js's notices, at the installed versions", async () => {
    // The version the recorder package really resolves, not a number written into this test.
    const fromRecorder = createRequire(join(repo, 'packages/recorder/package.json'));
    const recordDir = dirname(dirname(fromRecorder.resolve('@rrweb/record')));
    const { version } = JSON.parse(await readFile(join(recordDir, 'package.json'), 'utf8')) as {
      version: string;
    };
    const notices = await readFile(join(dist, 'milana-recorder.js.LICENSE.txt'), 'utf8');
    expect(notices).toContain(`- @rrweb/record ${version} (MIT)`);
    // What @rrweb/record inlines from its own source map: rrweb itself and its snapshotter.
    expect(notices).toMatch(/^- rrweb \(bundled inside @rrweb\/record .*\) \(MIT\)$/m);
    expect(notices).toMatch(/^- rrweb-snapshot \(bundled inside @rrweb\/record .*\) \(MIT\)$/m);
    expect(await readFile(join(dist, 'milana.js.LICENSE.txt'), 'utf8')).toMatch(
      /bundles no third-party code/,
    );
  });
});
