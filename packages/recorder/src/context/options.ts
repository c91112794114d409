import type { ConsoleLevel, RecorderLog, RecorderOptions } from '../host.js';

/** The capture settings after checking: a part that is absent is off. */
export interface ResolvedCapture {
  console?: { levels: ConsoleLevel[] };
  network?: { headers: string[]; bodies: boolean; ignoreUrls: (string | RegExp)[] };
  errors?: true;
}

const LEVELS: readonly ConsoleLevel[] = [
  'debug',
  'info',
  'log',
  'warn',
  'error',
  'assert',
  'trace',
];

/** What `headers: true` keeps: nothing here can carry a credential. */
export const DEFAULT_HEADERS = [
  'accept',
  'cache-control',
  'content-encoding',
  'content-length',
  'content-type',
  'x-request-id',
];

/** Never recorded, even when the app lists them: they carry credentials. */
export const FORBIDDEN_HEADERS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization'];

// The options come from app code (possibly a Proxy or throwing getters): read defensively.
const read = (source: unknown, key: string): unknown => {
  try {
    return (source as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
};
const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

/**
 * Checks `options.capture` (api.md "Context capture"). Each part is checked on its own: a bad
 * value logs one `Milana:` line naming the field and the rule, and only that part stays off.
 * Returns undefined when nothing is to be captured, so the capture code is never loaded then.
 *
 * @example
 * ```ts
 * resolveCapture({ capture: { console: true, network: { headers: ['x-trace'] } } }, log);
 * // { console: { levels: ['warn', 'error'] }, network: { headers: ['x-trace'], bodies: false, ignoreUrls: [] } }
 * ```
 */
export function resolveCapture(
  options: RecorderOptions,
  log: RecorderLog,
): ResolvedCapture | undefined {
  const raw = read(options, 'capture');
  if (raw === undefined) return undefined;
  const bad = (field: string, rule: string, part: string): undefined => {
    try {
      log.warn(`init: options.capture${field} must be ${rule}; ${part} capture is off`);
    } catch {
      // a broken logger must not break the recording
    }
    return undefined;
  };
  if (!isObject(raw)) return bad('', 'an object', 'all');
  const out: ResolvedCapture = {};

  const consoleOpt = read(raw, 'console');
  if (consoleOpt === true) out.console = { levels: ['warn', 'error'] };
  else if (isObject(consoleOpt) && !Array.isArray(consoleOpt)) {
    const levels = read(consoleOpt, 'levels') ?? ['warn', 'error'];
    if (
      Array.isArray(levels) &&
      levels.length > 0 &&
      levels.every((l) => LEVELS.includes(l as ConsoleLevel))
    )
      out.console = { levels: [...new Set(levels as ConsoleLevel[])] };
    else bad('.console.levels', `a non-empty array of ${LEVELS.join(', ')}`, 'console');
  } else if (consoleOpt !== undefined && consoleOpt !== false)
    bad('.console', 'a boolean or { levels }', 'console');

  const net = read(raw, 'network');
  if (net === true) out.network = { headers: [], bodies: false, ignoreUrls: [] };
  else if (isObject(net) && !Array.isArray(net)) out.network = resolveNetwork(net, options, bad);
  else if (net !== undefined && net !== false)
    bad('.network', 'a boolean or { headers, bodies, ignoreUrls }', 'network');

  const errors = read(raw, 'errors');
  if (errors === true) out.errors = true;
  else if (errors !== undefined && errors !== false) bad('.errors', 'a boolean', 'error');

  return out.console || out.network || out.errors ? out : undefined;
}

function resolveNetwork(
  net: object,
  options: RecorderOptions,
  bad: (field: string, rule: string, part: string) => undefined,
): ResolvedCapture['network'] {
  const headersOpt = read(net, 'headers') ?? false;
  let headers: string[];
  if (typeof headersOpt === 'boolean') headers = headersOpt ? DEFAULT_HEADERS : [];
  else if (
    Array.isArray(headersOpt) &&
    headersOpt.every((h) => typeof h === 'string' && /^[!#$%&'*+.^`|~\w-]+$/.test(h))
  )
    headers = headersOpt.map((h: string) => h.toLowerCase());
  else return bad('.network.headers', 'a boolean or an array of header names', 'network');
  // Credentials stay out even when listed: the privacy rule wins over the app's list.
  headers = headers.filter((h) => !FORBIDDEN_HEADERS.includes(h));

  const bodiesOpt = read(net, 'bodies') ?? false;
  if (typeof bodiesOpt !== 'boolean') return bad('.network.bodies', 'a boolean', 'network');
  let bodies = bodiesOpt;
  if (bodies && read(read(options, 'privacy'), 'maskingLevel') === 'xhigh') {
    bad('.network.bodies', 'false at maskingLevel "xhigh"', 'body');
    bodies = false;
  }

  const ignoreOpt = read(net, 'ignoreUrls') ?? [];
  if (
    !Array.isArray(ignoreOpt) ||
    !ignoreOpt.every((p) => (typeof p === 'string' && p) || p instanceof RegExp)
  )
    return bad('.network.ignoreUrls', 'an array of non-empty strings or RegExps', 'network');
  // A `g` or `y` flag makes RegExp.test stateful (it would skip every other match).
  const ignoreUrls = ignoreOpt.map((p: string | RegExp) =>
    typeof p === 'string' ? p : new RegExp(p.source, p.flags.replace(/[gy]/g, '')),
  );
  return { headers, bodies, ignoreUrls };
}
