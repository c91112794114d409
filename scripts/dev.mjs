#!/usr/bin/env node
// The local demo: the Milana dev server (ingest service + inspector, SQLite under .milana/) and
// the React example (examples/react-vite, Vite dev server) recording into it. Both URLs are
// printed; Ctrl-C stops both. `bash scripts/start.sh` installs and builds first, then runs this.
//
//   node scripts/dev.mjs [--port 4800] [--app-port 5173] [--memory] [--verbose]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const devServerEntry = join(root, 'packages', 'dev-server', 'dist', 'index.js');
const appDir = join(root, 'examples', 'react-vite');
const viteBin = join(appDir, 'node_modules', '.bin', 'vite');

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string', default: '4800' },
    'app-port': { type: 'string', default: '5173' },
    memory: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

function fail(message) {
  console.error(`dev: ${message}`);
  process.exit(1);
}

function portFlag(name) {
  const port = Number(flags[name]);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--${name} must be a port number, got ${flags[name]}`);
  return port;
}

/** The wanted port if it is free on 127.0.0.1, otherwise any free one (said so in the output). */
function portOrFree(wanted) {
  const tryListen = (port) =>
    new Promise((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(undefined));
      probe.listen(port, '127.0.0.1', () => {
        const { port: bound } = probe.address();
        probe.close(() => resolve(bound));
      });
    });
  return tryListen(wanted).then((port) => port ?? tryListen(0));
}

async function waitForHttp(url, child) {
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return false;
}

if (!existsSync(devServerEntry))
  fail('the dev server is not built; run `bash scripts/start.sh` (or `pnpm build`) first');
if (!existsSync(viteBin))
  fail('examples/react-vite has no dependencies installed; run `bash scripts/start.sh` first');

const { startDevServer } = await import(pathToFileURL(devServerEntry).href);
const wantedPort = portFlag('port');
const ingestPort = await portOrFree(wantedPort);
const devServer = await startDevServer({
  port: ingestPort,
  memory: flags.memory,
  quiet: !flags.verbose,
}).catch((error) =>
  fail(`the dev server did not start: ${error instanceof Error ? error.message : error}`),
);

const wantedAppPort = portFlag('app-port');
const appPort = await portOrFree(wantedAppPort);
const app = spawn(
  viteBin,
  ['--host', '127.0.0.1', '--port', String(appPort), '--strictPort', '--logLevel', 'warn'],
  {
    cwd: appDir,
    // The example reads its ingest endpoint from this variable (see examples/react-vite/src/milana-config.ts).
    env: { ...process.env, VITE_MILANA_ENDPOINT: devServer.endpoint },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null) {
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
  await devServer.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
app.on('exit', (code) => {
  if (!stopping) {
    console.error(`dev: the React example's Vite server exited (${code}); stopping the dev server`);
    void stop(1);
  }
});

const appUrl = `http://127.0.0.1:${appPort}/`;
if (!(await waitForHttp(appUrl, app))) {
  console.error(`dev: the React example did not answer on ${appUrl}`);
  await stop(1);
}

const moved = (wanted, port) => (wanted !== port ? ` (port ${wanted} was busy)` : '');
const storage = devServer.dbFile
  ? `SQLite file ${relative(process.cwd(), devServer.dbFile)}`
  : 'in memory';
console.log(`
Milana demo is running
  Demo app (React):  ${appUrl}${moved(wantedAppPort, appPort)}
  Inspector:         ${devServer.inspectorUrl}${moved(wantedPort, devServer.port)}
  Ingest endpoint:   ${devServer.endpoint}  (storage: ${storage})

Open the demo app, click through it, then watch the session in the inspector.
Press Ctrl-C to stop both.
`);
