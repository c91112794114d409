import { guard, safeStorage } from './env';
import { isPlainObject } from './metadata';
import { parseJson } from './transport';
import { unrefTimer } from './timers';
import type { SessionIntegrations } from './types';

/** Integrations the SDK can link automatically (init option `integrations`). */
export type IntegrationKind = 'sentry' | 'posthog';

type Json = Record<string, unknown>;

/** A JSON object, or undefined: missing, malformed or non-object JSON counts as absent (§7.7). */
function parseObject(raw: string | null | undefined): Json | undefined {
  const parsed = parseJson(raw);
  return isPlainObject(parsed) ? parsed : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `storage.getItem(key)`, or undefined where the storage is missing or throws. */
const getItem = (storage: Storage | null, key: string): string | null | undefined =>
  guard(() => storage?.getItem(key));

/** Sentry: sessionStorage `sentryReplaySession` JSON; its non-empty `id` is the replay id. */
function detectSentry(): SessionIntegrations['sentry'] | undefined {
  const replayId = nonEmpty(
    parseObject(getItem(safeStorage('session'), 'sentryReplaySession'))?.id,
  );
  return replayId ? { replayId } : undefined;
}

/**
 * PostHog: the first `ph_<token>_posthog` key (localStorage, then sessionStorage, then cookies)
 * names the instance; its JSON is read from all three places with precedence
 * localStorage > cookie > sessionStorage per field.
 */
function detectPosthog(): SessionIntegrations['posthog'] | undefined {
  const local = safeStorage('local');
  const session = safeStorage('session');
  // A storage's own keys are its stored keys, in storage order; a blocked storage has none.
  const names = [local, session].flatMap((storage) => guard(() => Object.keys(storage!), []));
  // Cookies as [name, raw value], in document order; none where `document.cookie` throws.
  const cookies: [string, string][] = [];
  for (const part of guard(() => document.cookie.split(';'), [])) {
    const at = part.indexOf('=');
    if (at > 0) cookies.push([part.slice(0, at).trim(), part.slice(at + 1).trim()]);
  }
  const name = [...names, ...cookies.map((cookie) => cookie[0])].find((key) =>
    /^ph_.+_posthog$/.test(key),
  );
  if (name === undefined) return undefined;

  const sources = [
    getItem(local, name),
    guard(() => decodeURIComponent(cookies.find((cookie) => cookie[0] === name)![1])),
    getItem(session, name),
  ].map(parseObject);
  // JSON.parse makes plain objects whose prototype has none of these fields: `in` means "own".
  const pick = (field: string): unknown =>
    sources.find((source) => source && field in source)?.[field];

  const sesid = pick('$sesid');
  const sessionId = nonEmpty(Array.isArray(sesid) && sesid[1]);
  if (sessionId === undefined) return undefined;
  const posthog: NonNullable<SessionIntegrations['posthog']> = { sessionId };
  const distinctId = nonEmpty(pick('distinct_id'));
  const userId = nonEmpty(pick('$user_id'));
  if (distinctId) posthog.distinctId = distinctId;
  if (userId) posthog.userId = userId;
  return posthog;
}

/**
 * Look for the session ids of the requested tools (§7.7). Reads nothing when `kinds` is empty;
 * returns `null` when nothing was found. Never throws.
 *
 * @example
 * ```ts
 * const found = detectIntegrations(['sentry', 'posthog']);
 * if (found) client.updateSession({ integrations: found });
 * ```
 */
export function detectIntegrations(kinds: readonly IntegrationKind[]): SessionIntegrations | null {
  return guard(() => {
    const found: SessionIntegrations = {};
    const sentry = kinds.includes('sentry') && detectSentry();
    const posthog = kinds.includes('posthog') && detectPosthog();
    if (sentry) found.sentry = sentry;
    if (posthog) found.posthog = posthog;
    return sentry || posthog ? found : null;
  }, null);
}

/** The warm-up re-check after the first integration detection (§7.7). */
export const INTEGRATIONS_WARMUP_MS = 5_000;
/** The steady integration polling period (§7.7). */
export const INTEGRATIONS_PERIOD_MS = 30_000;

/**
 * The §7.7 schedule, which lives in this lazily loaded module so apps without the init option
 * `integrations` never download it: a detection at once, 5 s later, then every 30 s, each skipped
 * while `ready()` is false (a restart in flight); what a detection finds goes to `submit` (the
 * client's identity batcher, which dedups it like any call). `detect` is the detector,
 * {@link detectIntegrations} unless given. Returns the stop. Never throws.
 *
 * @example
 * ```ts
 * const stop = pollIntegrations(['sentry'], () => true, (halves) => console.log(halves));
 * stop();
 * ```
 */
export function pollIntegrations(
  kinds: readonly IntegrationKind[],
  ready: () => boolean,
  submit: (halves: { session: { integrations: SessionIntegrations } }) => void,
  detect: typeof detectIntegrations = detectIntegrations,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (next: number): void => {
    timer = setTimeout(() => run(INTEGRATIONS_PERIOD_MS), next);
    unrefTimer(timer);
    guard(() => {
      const found = ready() && detect(kinds);
      if (found) submit({ session: { integrations: found } });
    });
  };
  run(INTEGRATIONS_WARMUP_MS);
  return () => clearTimeout(timer);
}
