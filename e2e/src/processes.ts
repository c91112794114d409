import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Output kept from a child, printed only when something fails. */
function collectOutput(child: ChildProcess): () => string {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => output;
}

/**
 * The environment of every child: the runner's, with NODE_ENV forced to production. Vitest sets
 * NODE_ENV=test, and a Vite or SvelteKit build under it resolves the development builds of React,
 * Vue and SvelteKit, which is not what an app ships.
 */
function childEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'production', ...extra };
}

/** Runs a command to completion; rejects with its output when it exits non-zero. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: childEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = collectOutput(child);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} (in ${options.cwd}) exited with ${code ?? signal}\n${output()}`,
          ),
        );
    });
  });
}

/** A free TCP port on 127.0.0.1, for servers that cannot be told to pick one themselves. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A long-running child (an example's server) that can be stopped. */
export interface Service {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a server process and resolves once `url` answers over HTTP. Rejects (and stops the
 * child) if the process exits first or `url` does not answer within `timeoutMs`.
 */
export async function startService(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; url: string; timeoutMs?: number },
): Promise<Service> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  // If the test runner dies without running the teardown, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited) return;
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(forced);
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(options.url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status < 500) return { url: options.url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`${command} ${args.join(' ')} did not serve ${options.url}\n${output()}`);
}
