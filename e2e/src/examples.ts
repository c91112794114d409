import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { isFresh } from './freshness.js';
import { freePort, run, startService, type Service } from './processes.js';

const e2eDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const examplesDir = join(e2eDir, '..', 'examples');
// dist/ is ignored by git, prettier and eslint alike.
const buildsDir = join(e2eDir, 'dist');
/**
 * The SDK's build outputs: milana-js re-exports the @milana-js packages rather than bundling them,
 * so a server-rendered example's build is stale when any of them changed.
 */
const sdkDist = [
  'milana-js',
  '@milana-js/core',
  '@milana-js/recorder',
  '@milana-js/react',
  '@milana-js/svelte',
].map((name) => join(dirname(requireFromSdk(name)), 'dist'));

function requireFromSdk(name: string): string {
  const fromE2e = createRequire(import.meta.url);
  if (name === 'milana-js') return fromE2e.resolve('milana-js/package.json');
  // The @milana-js packages are dependencies of milana-js, so resolve them from there.
  return createRequire(fromE2e.resolve('milana-js/package.json')).resolve(`${name}/package.json`);
}

/** The examples under test. */
export const EXAMPLE_NAMES = [
  'react-vite',
  'vue-vite',
  'vanilla',
  'script-tag',
  'sveltekit',
  'nextjs',
] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

const bin = (example: string, name: string) =>
  join(examplesDir, example, 'node_modules', '.bin', name);

/**
 * Vite single-page apps bake `VITE_MILANA_ENDPOINT` in at build time, so they are built again
 * for this run's dev server (into e2e/dist, leaving the example's own dist alone) and served
 * by `vite preview`.
 */
async function viteApp(name: ExampleName, endpoint: string): Promise<Service> {
  const cwd = join(examplesDir, name);
  const outDir = join(buildsDir, name);
  await run(
    bin(name, 'vite'),
    ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd,
      env: { VITE_MILANA_ENDPOINT: endpoint },
    },
  );
  const server = await preview({
    root: cwd,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true },
    logLevel: 'warn',
  });
  return { url: server.resolvedUrls!.local[0]!.replace(/\/$/, ''), stop: () => server.close() };
}

/** The static script-tag site: built with this run's endpoint and served as plain files. */
async function scriptTag(endpoint: string): Promise<Service> {
  const cwd = join(examplesDir, 'script-tag');
  const outDir = join(buildsDir, 'script-tag');
  await run(process.execPath, ['build.mjs', '--out', outDir], {
    cwd,
    env: { MILANA_ENDPOINT: endpoint },
  });
  const server = await preview({
    root: cwd,
    configFile: false,
    appType: 'mpa',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true },
    logLevel: 'warn',
  });
  return { url: server.resolvedUrls!.local[0]!.replace(/\/$/, ''), stop: () => server.close() };
}

/** SvelteKit reads PUBLIC_MILANA_ENDPOINT at run time: one build, served by its Node server. */
async function sveltekit(endpoint: string): Promise<Service> {
  const cwd = join(examplesDir, 'sveltekit');
  const inputs = [
    join(cwd, 'src'),
    join(cwd, 'svelte.config.js'),
    join(cwd, 'vite.config.ts'),
    ...sdkDist,
  ];
  if (!isFresh(join(cwd, 'dist', 'index.js'), inputs))
    await run(bin('sveltekit', 'vite'), ['build'], { cwd });
  const port = await freePort();
  return startService(process.execPath, ['dist'], {
    cwd,
    env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_MILANA_ENDPOINT: endpoint },
    url: `http://127.0.0.1:${port}`,
  });
}

/** Next.js reads MILANA_ENDPOINT per request: one build, served by `next start`. */
async function nextjs(endpoint: string): Promise<Service> {
  const cwd = join(examplesDir, 'nextjs');
  const inputs = [join(cwd, 'app'), join(cwd, 'next.config.ts'), ...sdkDist];
  const env = { NEXT_TELEMETRY_DISABLED: '1' };
  if (!isFresh(join(cwd, '.next', 'BUILD_ID'), inputs))
    await run(bin('nextjs', 'next'), ['build'], { cwd, env });
  const port = await freePort();
  return startService(
    bin('nextjs', 'next'),
    ['start', '--hostname', '127.0.0.1', '--port', String(port)],
    {
      cwd,
      env: { ...env, MILANA_ENDPOINT: endpoint },
      url: `http://127.0.0.1:${port}`,
    },
  );
}

/** Builds one example for the dev server at `endpoint` and serves it on 127.0.0.1. */
export function buildAndServe(name: ExampleName, endpoint: string): Promise<Service> {
  switch (name) {
    case 'script-tag':
      return scriptTag(endpoint);
    case 'sveltekit':
      return sveltekit(endpoint);
    case 'nextjs':
      return nextjs(endpoint);
    default:
      return viteApp(name, endpoint);
  }
}
