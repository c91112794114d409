import type { DevServerOptions } from './options.js';

/** The result of reading the command line. */
export type CliCommand =
  { kind: 'help' } | { kind: 'version' } | { kind: 'start'; options: DevServerOptions };

/** `milana-dev --help`. */
export const USAGE = `Usage: milana-dev [options]

Runs a local Milana ingest service with storage and an inspector.

Options:
  --port <n>            port to listen on (default 8790, 0 = any free port)
  --host <addr>         interface to bind (default 127.0.0.1); any other exposes
                        the inspector and the API to the network, unauthenticated
  --db <file>           SQLite file (default .milana/dev-server.sqlite)
  --memory              keep everything in memory; nothing is written to disk
  --sample-rate <0..1>  share of new sessions that are recorded (default 1)
  --allow <prd:key>     accept only this product id and client key; repeatable
  --allow-origin <url>  accept ingest only from pages of this origin
                        (e.g. http://localhost:5173); repeatable
  --fail-rate <0..1>    answer this share of ingest requests with a 503
  --latency <ms>        wait this long before each ingest answer (up to 2147483647)
  --drop-rate <0..1>    drop the connection of this share of ingest requests
  --quiet               no request log
  -h, --help            show this help
  -v, --version         show the version`;

const NUMBER_FLAGS: Record<string, keyof DevServerOptions> = {
  '--port': 'port',
  '--sample-rate': 'sampleRate',
  '--fail-rate': 'failRate',
  '--latency': 'latencyMs',
  '--drop-rate': 'dropRate',
};

/**
 * Reads `milana-dev` arguments. Accepts `--flag value` and `--flag=value`; throws an Error
 * naming the flag when a value is missing or not a number. Ranges are checked by the server.
 */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const options: DevServerOptions = {};
  const allow: string[] = [];
  const allowOrigins: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
      i++;
      return next;
    };
    if (flag === '-h' || flag === '--help') return { kind: 'help' };
    if (flag === '-v' || flag === '--version') return { kind: 'version' };
    const numberKey = NUMBER_FLAGS[flag];
    if (numberKey) {
      const text = value();
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n))
        throw new Error(`${flag} must be a number, got "${text}"`);
      (options as Record<string, unknown>)[numberKey] = n;
    } else if (flag === '--host') {
      options.host = value();
    } else if (flag === '--db') {
      options.dbFile = value();
    } else if (flag === '--allow') {
      allow.push(value());
    } else if (flag === '--allow-origin') {
      allowOrigins.push(value());
    } else if (flag === '--memory') {
      options.memory = true;
    } else if (flag === '--quiet') {
      options.quiet = true;
    } else {
      throw new Error(`unknown option ${arg} (see --help)`);
    }
  }
  if (allow.length > 0) options.allowList = allow;
  if (allowOrigins.length > 0) options.allowOrigins = allowOrigins;
  return { kind: 'start', options };
}
