import { networkInterfaces } from 'node:os';
import { parseCliArgs, USAGE } from './cli-args.js';
import { isLoopback, isWildcard } from './http/host-check.js';
import { startDevServer, type DevServer } from './server.js';
import { DEV_SERVER_VERSION } from './version.js';

/** Where the CLI writes; injectable so it can be tested in-process. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** This machine's non-loopback IPv4 addresses, for the URLs other devices can use. */
function networkAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((info) => info.family === 'IPv4' && !info.internal)
    .map((info) => info.address);
}

/**
 * For a server bound beyond loopback: the URLs other devices can use (`out`) and the warning
 * about what that exposes (`err`). Empty for a loopback host.
 */
export function exposureNotice(
  host: string,
  port: number,
  addresses: () => string[] = networkAddresses,
): { out: string[]; err: string[] } {
  if (isLoopback(host)) return { out: [], err: [] };
  const hosts = isWildcard(host) ? addresses() : [host];
  return {
    out: hosts.map((h) => `  On the network:  http://${h.includes(':') ? `[${h}]` : h}:${port}/`),
    err: [
      `milana-dev: warning: listening on ${host}, not only on this machine. Anyone who can reach it on the network can read every recording (including request bodies) and delete them through the JSON API: it has no authentication.`,
    ],
  };
}

/**
 * Runs `milana-dev` with these arguments. Returns the running server, or `undefined` after
 * `--help`, `--version` or an error (then `process.exitCode` is set to 1 or 2).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<DevServer | undefined> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    io.err(`milana-dev: ${(error as Error).message}`);
    process.exitCode = 2;
    return undefined;
  }
  if (command.kind === 'help') {
    io.out(USAGE);
    return undefined;
  }
  if (command.kind === 'version') {
    io.out(DEV_SERVER_VERSION);
    return undefined;
  }
  try {
    const server = await startDevServer({ ...command.options, log: io.out });
    io.out(`Milana dev server ${DEV_SERVER_VERSION}`);
    io.out(`  Ingest endpoint: ${server.endpoint}   (init option endpoint: '${server.endpoint}')`);
    io.out(`  Inspector:       ${server.inspectorUrl}`);
    io.out(`  JSON API:        ${server.url}/api/sessions`);
    io.out(`  Storage:         ${server.dbFile ?? 'in memory (lost on exit)'}`);
    const notice = exposureNotice(server.host, server.port);
    notice.out.forEach(io.out);
    notice.err.forEach(io.err);
    return server;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const reason =
      e.code === 'EADDRINUSE'
        ? `port is already in use (${e.message}); pick another with --port`
        : e.message;
    io.err(`milana-dev: could not start: ${reason}`);
    process.exitCode = 1;
    return undefined;
  }
}
