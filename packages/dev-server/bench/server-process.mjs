// Starts the built `milana-dev` CLI as a child process, so the benchmark's clients and the server
// do not share one event loop (in one process they would slow each other down and blur p99).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// MILANA_DEV_CLI points at another build (e.g. an older version, for a before/after figure).
const cli =
  process.env.MILANA_DEV_CLI ??
  join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');

/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/**
 * @param {string[]} args CLI flags besides --port 0 and --quiet
 * @returns {Promise<{ url: string, pid: number, rssMb: () => number, cpuMs: () => number, kill: (signal?: string) => Promise<void> }>}
 */
export function startServerProcess(args) {
  const child = spawn(process.execPath, [cli, '--port', '0', '--quiet', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = /Ingest endpoint: (http:\/\/\S+)/.exec(output);
      if (!match) return;
      child.stdout.off('data', onData);
      resolve({
        url: match[1],
        pid: child.pid,
        // Resident memory of the server process, from /proc (Linux).
        rssMb: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
        },
        // CPU time the server process has used (user + system), from /proc (Linux). Unlike
        // wall-clock figures it barely moves with the load of other processes on the machine.
        cpuMs: () => {
          const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
          return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
        },
        kill: (signal = 'SIGTERM') =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill(signal);
          }),
      });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
    child.once('exit', (code) => reject(new Error(`milana-dev exited (${code}): ${output}`)));
  });
}
