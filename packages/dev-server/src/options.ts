import { join, resolve } from 'node:path';
import { DEFAULT_BODY_BUDGET } from './http/read-body.js';
import { parseAllowEntry, type AllowEntry } from './ingest/credentials.js';
import { escapeControlCharacters } from './log-line.js';

/** Port used when none is given. */
export const DEFAULT_PORT = 8790;

/** Options of `startDevServer` (the CLI flags map onto these one to one). */
export interface DevServerOptions {
  /** TCP port; `0` picks a free one. Default 8790. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`, so nothing is exposed to the network. */
  host?: string;
  /** SQLite file. Default `.milana/dev-server.sqlite` under the current directory. */
  dbFile?: string;
  /** Keep everything in memory (tests); `dbFile` is then ignored. */
  memory?: boolean;
  /** Share of new sessions that are recorded, 0..1. Default 1. */
  sampleRate?: number;
  /** Share of ingest requests answered with a 503, 0..1. Default 0. */
  failRate?: number;
  /** Delay in ms before each ingest answer. Default 0. */
  latencyMs?: number;
  /** Share of ingest requests whose connection is dropped with no answer, 0..1. Default 0. */
  dropRate?: number;
  /** Accepted `prd_...:key_...` pairs (strings or objects). Empty: any well-formed pair. */
  allowList?: ReadonlyArray<string | AllowEntry>;
  /**
   * Page origins (`https://app.example.com`) whose ingest requests are accepted. Empty: any
   * origin. Requests without an `Origin` header (servers, scripts) are always accepted.
   */
  allowOrigins?: readonly string[];
  /** No request log lines. */
  quiet?: boolean;
  /** How long a closed session still takes late batches and updates. Default 30 000 ms. */
  closedSessionGraceMs?: number;
  /** Source of randomness for sampling and fault rates (tests). Default `Math.random`. */
  random?: () => number;
  /** Where log lines go. Default `console.log`. */
  log?: (line: string) => void;
  /** Folder with the built inspector files. Default: the package's own `dist/inspector`. */
  inspectorDir?: string;
  /** Open connections at most; more are refused at once. Default 512. */
  maxConnections?: number;
  /** Time to receive a request's headers before the connection is closed. Default 10 000 ms. */
  headersTimeoutMs?: number;
  /** Time to receive a whole request (headers and body). Default 60 000 ms. */
  requestTimeoutMs?: number;
  /** Bytes of request bodies held in memory at once; more answer 503. Default 256 MiB. */
  bodyBudgetBytes?: number;
}

/** Options after defaults and checks. */
export interface ResolvedOptions {
  port: number;
  host: string;
  dbFile: string | undefined;
  sampleRate: number;
  failRate: number;
  latencyMs: number;
  dropRate: number;
  allowList: AllowEntry[];
  allowOrigins: string[];
  closedSessionGraceMs: number;
  random: () => number;
  log: (line: string) => void;
  inspectorDir: string | undefined;
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  bodyBudgetBytes: number;
}

/** Longest delay a Node.js timer can wait; larger values would silently become 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

function unitRate(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1))
    throw new Error(
      `Milana dev server: ${name} must be a number from 0 to 1, got ${String(value)}`,
    );
  return value;
}

function nonNegative(
  value: number | undefined,
  name: string,
  fallback: number,
  max = MAX_TIMER_MS,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0 && value <= max))
    throw new Error(
      `Milana dev server: ${name} must be a number from 0 to ${max}, got ${String(value)}`,
    );
  return value;
}

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > Number.MAX_SAFE_INTEGER)
    throw new Error(`Milana dev server: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/** The canonical form of an origin given by the user; throws when it is not an origin. */
export function normalizeOrigin(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  // Browsers send exactly scheme://host[:port] in the Origin header; anything with a path,
  // query or credentials would never match one and is most likely a typo.
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== '' ||
    /^[a-z]+:\/\/[^/]+\/./i.test(text)
  )
    throw new Error(
      `Milana dev server: allowOrigins entry "${text}" must be an origin like https://app.example.com (scheme, host and port only)`,
    );
  return url.origin;
}

/** Applies defaults and validates; throws an Error naming the option and the rule. */
export function resolveOptions(options: DevServerOptions = {}): ResolvedOptions {
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(
      `Milana dev server: port must be an integer from 0 to 65535, got ${String(port)}`,
    );
  const quiet = options.quiet === true;
  const sink = options.log ?? ((line: string) => console.log(line));
  // Every line passes through here, so no request content reaches the terminal raw.
  const log = (line: string): void => sink(escapeControlCharacters(line));
  return {
    port,
    host: options.host ?? '127.0.0.1',
    dbFile: options.memory
      ? undefined
      : resolve(options.dbFile ?? join(process.cwd(), '.milana', 'dev-server.sqlite')),
    sampleRate: unitRate(options.sampleRate, 'sampleRate', 1),
    failRate: unitRate(options.failRate, 'failRate', 0),
    dropRate: unitRate(options.dropRate, 'dropRate', 0),
    latencyMs: nonNegative(options.latencyMs, 'latencyMs', 0),
    closedSessionGraceMs: nonNegative(options.closedSessionGraceMs, 'closedSessionGraceMs', 30_000),
    allowList: (options.allowList ?? []).map((entry) =>
      typeof entry === 'string'
        ? parseAllowEntry(entry)
        : parseAllowEntry(`${entry.productId}:${entry.clientKey}`),
    ),
    allowOrigins: (options.allowOrigins ?? []).map(normalizeOrigin),
    random: options.random ?? Math.random,
    log: quiet ? () => undefined : log,
    inspectorDir: options.inspectorDir === undefined ? undefined : resolve(options.inspectorDir),
    maxConnections: positiveInteger(options.maxConnections, 'maxConnections', 512),
    headersTimeoutMs: positiveInteger(options.headersTimeoutMs, 'headersTimeoutMs', 10_000),
    requestTimeoutMs: positiveInteger(options.requestTimeoutMs, 'requestTimeoutMs', 60_000),
    bodyBudgetBytes: positiveInteger(
      options.bodyBudgetBytes,
      'bodyBudgetBytes',
      DEFAULT_BODY_BUDGET,
    ),
  };
}

/** Validates a runtime change of the fault settings; throws an Error naming the field. */
export function checkFaultPatch(patch: {
  failRate?: number;
  dropRate?: number;
  latencyMs?: number;
}): typeof patch {
  const out: typeof patch = {};
  if (patch.failRate !== undefined) out.failRate = unitRate(patch.failRate, 'failRate', 0);
  if (patch.dropRate !== undefined) out.dropRate = unitRate(patch.dropRate, 'dropRate', 0);
  if (patch.latencyMs !== undefined) out.latencyMs = nonNegative(patch.latencyMs, 'latencyMs', 0);
  return out;
}
