// @vitest-environment node
/**
 * The consumer test (slow: packs tarballs and runs `npm install`, allow it a few minutes).
 *
 * Packs milana-js and the @milana-js packages it depends on with `pnpm pack` (which rewrites the
 * workspace: ranges), installs the tarballs into a fresh project in os.tmpdir(), outside the
 * workspace, and uses the result the way an app would: every subpath from Node ESM and CJS with
 * the browser globals guarded, and a consumer file type-checked under moduleResolution bundler
 * and node16.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, '..');
const packagesDir = resolve(packageDir, '..');
const fixtures = join(here, 'consumer-fixtures');

/** Workspace folders whose tarballs the consumer installs (milana-js re-exports them). */
const PACKED = ['milana-js', 'core', 'recorder', 'react', 'vue', 'svelte', 'testing'];
/** Third-party packages the consumer needs, at the versions this workspace tests with. */
const THIRD_PARTY = ['react', 'vue', 'svelte', 'typescript', '@types/react'];

const SUBPATHS = [
  'milana-js',
  'milana-js/react',
  'milana-js/vue',
  'milana-js/svelte',
  'milana-js/testing',
  'milana-js/testing/vue',
  'milana-js/testing/svelte',
];
const EXPECTED_EXPORTS: Record<string, string[]> = {
  'milana-js': [
    'init',
    'identify',
    'updateUser',
    'updateSession',
    'update',
    'trackEvent',
    'stopRecording',
    'initCrossOriginIframe',
    'getState',
    'subscribe',
    'listen',
    'createMilana',
    'getDefaultClient',
  ],
  'milana-js/react': [
    'MilanaProvider',
    'useMilana',
    'useMilanaOptional',
    'useMilanaState',
    'MilanaContext',
  ],
  'milana-js/vue': ['MilanaPlugin', 'useMilana'],
  'milana-js/svelte': ['createMilana', 'setMilanaContext', 'getMilana'],
  'milana-js/testing': ['createMockMilana', 'MockMilanaProvider'],
  'milana-js/testing/vue': ['createMockMilana', 'MockMilanaPlugin'],
  'milana-js/testing/svelte': ['createMockMilana', 'createMockMilanaStore'],
};

interface Run {
  stdout: string;
  stderr: string;
}

/** The environment for child tools, without the npm_* settings pnpm passes to scripts. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return env;
}

function run(command: string, args: string[], cwd: string, timeout = 240_000): Promise<Run> {
  return new Promise((done, fail) => {
    execFile(
      command,
      args,
      { cwd, env: cleanEnv(), timeout, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          fail(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`));
        else done({ stdout, stderr });
      },
    );
  });
}

async function installedVersion(name: string): Promise<string> {
  const manifest = JSON.parse(
    await readFile(join(packageDir, 'node_modules', name, 'package.json'), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

/** The JSON line a check script prints last. */
function lastJson(output: string): {
  touched: string[];
  exports: Record<string, string[]>;
  outcomes: unknown[];
} {
  const lines = output.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '{}');
}

let project = '';

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'milana-consumer-'));
  const tarballs = join(project, 'tarballs');
  await mkdir(tarballs);
  const dependencies: Record<string, string> = {};
  for (const folder of PACKED) {
    const before = new Set(await readdir(tarballs));
    await run('pnpm', ['pack', '--pack-destination', tarballs], join(packagesDir, folder));
    const file = (await readdir(tarballs)).find((name) => !before.has(name));
    if (!file) throw new Error(`pnpm pack wrote no tarball for packages/${folder}`);
    const manifest = JSON.parse(
      await readFile(join(packagesDir, folder, 'package.json'), 'utf8'),
    ) as { name: string };
    dependencies[manifest.name] = `file:./tarballs/${file}`;
  }
  for (const name of THIRD_PARTY) dependencies[name] = await installedVersion(name);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify(
      { name: 'milana-consumer', private: true, type: 'module', dependencies },
      null,
      2,
    ),
  );
  await mkdir(join(project, 'src'));
  for (const file of [
    'guard.cjs',
    'check-esm.mjs',
    'check-cjs.cjs',
    'check-integrations.mjs',
    'tsconfig.bundler.json',
    'tsconfig.node16.json',
  ]) {
    await copyFile(join(fixtures, file), join(project, file));
  }
  for (const file of ['consumer.tsx', 'consumer-cjs.cts'])
    await copyFile(join(fixtures, file), join(project, 'src', file));
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--loglevel=error',
    ],
    project,
  );
  // For the guard self-check: a package under node_modules/@milana-js that reads `window`.
  const probe = join(project, 'node_modules', '@milana-js', 'guard-probe');
  await mkdir(probe, { recursive: true });
  await writeFile(
    join(probe, 'package.json'),
    JSON.stringify({ name: '@milana-js/guard-probe', version: '0.0.0', main: 'probe.cjs' }),
  );
  await copyFile(join(fixtures, 'probe.cjs'), join(probe, 'probe.cjs'));
}, 420_000);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe(
  'consumer install of the packed milana-js tarball (slow: pnpm pack + npm install)',
  { timeout: 120_000 },
  () => {
    it('guard self-check: notices a browser global read from code under node_modules/@milana-js', async () => {
      const { stdout } = await run(
        process.execPath,
        [
          '--require',
          './guard.cjs',
          '-e',
          "require('@milana-js/guard-probe'); console.log(JSON.stringify(globalThis.__milanaGuard.touched))",
        ],
        project,
      );
      expect(JSON.parse(stdout.trim())).toEqual([
        expect.stringMatching(/^window read at .*guard-probe/),
      ]);
    });

    it('imports every subpath from Node ESM without reading a browser global, and calls resolve { success: false }', async () => {
      const { stdout } = await run(
        process.execPath,
        ['--require', './guard.cjs', 'check-esm.mjs', JSON.stringify(SUBPATHS)],
        project,
        60_000,
      );
      const result = lastJson(stdout);
      expect(result.touched).toEqual([]);
      for (const [subpath, names] of Object.entries(EXPECTED_EXPORTS))
        expect(result.exports[subpath]).toEqual(expect.arrayContaining(names));
      expect(result.outcomes).toEqual([{ success: false }, { success: false }, { success: false }]);
    });

    it('requires every subpath from Node CommonJS without reading a browser global', async () => {
      const { stdout } = await run(
        process.execPath,
        ['--require', './guard.cjs', 'check-cjs.cjs', JSON.stringify(SUBPATHS)],
        project,
        60_000,
      );
      const result = lastJson(stdout);
      expect(result.touched).toEqual([]);
      for (const [subpath, names] of Object.entries(EXPECTED_EXPORTS))
        expect(result.exports[subpath]).toEqual(expect.arrayContaining(names));
      expect(result.outcomes).toEqual([{ success: false }, { success: false }]);
    });

    it("loads the core's lazy @milana-js/core/integrations in Node from its ESM and CJS builds without reading a browser global", async () => {
      const { stdout } = await run(
        process.execPath,
        ['--require', './guard.cjs', 'check-integrations.mjs'],
        project,
        60_000,
      );
      expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
        touched: [],
        shipped: { 'index.js': true, 'index.cjs': true },
        detected: {
          'from dist ESM': null,
          'from dist CJS': null,
          'app import': null,
          'app require': null,
        },
      });
    });

    it.each(['bundler', 'node16'])(
      'type-checks a consumer of every documented call shape under moduleResolution %s',
      async (mode) => {
        // A failing tsc rejects with its diagnostics; an unused @ts-expect-error is one of them.
        await expect(
          run(
            process.execPath,
            ['node_modules/typescript/bin/tsc', '-p', `tsconfig.${mode}.json`],
            project,
            120_000,
          ),
        ).resolves.toBeDefined();
      },
      120_000,
    );

    it("ships the core's ESM entries without a shared chunk, so an app bundler keeps the identity path in one file", async () => {
      const dist = join(project, 'node_modules', '@milana-js', 'core', 'dist');
      for (const file of ['index.js', 'integrations.js']) {
        const code = await readFile(join(dist, file), 'utf8');
        expect(code).not.toMatch(/from\s*["']\.\.?\//);
      }
    });

    it('publishes exports without the workspace-only `source` condition (its src is not shipped)', async () => {
      const folders = PACKED.map((folder) =>
        folder === 'milana-js' ? folder : `@milana-js/${folder}`,
      );
      for (const folder of folders) {
        const manifest = await readFile(
          join(project, 'node_modules', folder, 'package.json'),
          'utf8',
        );
        const parsed = JSON.parse(manifest) as { exports: unknown; publishConfig?: unknown };
        expect(JSON.stringify(parsed.exports)).not.toContain('"source"');
        expect(JSON.stringify(parsed.exports)).toContain('./dist/');
        expect(parsed.publishConfig).toBeUndefined();
      }
    });

    it('ships the script-tag files and starts the React subpath files with "use client"', async () => {
      const dist = join(project, 'node_modules', 'milana-js', 'dist');
      const files = await readdir(dist);
      expect(files).toEqual(
        expect.arrayContaining([
          'milana.js',
          'milana-recorder.js',
          'milana-capture.js',
          'milana-console.js',
          'milana-integrations.js',
        ]),
      );
      for (const file of ['react.js', 'react.cjs']) {
        const firstLine = (await readFile(join(dist, file), 'utf8')).split('\n')[0];
        expect(firstLine).toBe('"use client";');
      }
    });
  },
);
