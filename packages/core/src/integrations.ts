import { safeStorage } from './env';
import { isPlainObject } from './metadata';
import type { SessionIntegrations } from './types';

/** Integrations the SDK can link automatically (init option `integrations`). */
export type IntegrationKind = 'sentry' | 'posthog';

const SENTRY_KEY = 'sentryReplaySession';
const POSTHOG_KEY = /^ph_(.+)_posthog$/;

type Json = Record<string, unknown>;

function parseObject(raw: string | null | undefined): Json | undefined {
  if (raw === null || raw === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    // Malformed or non-object JSON counts as absent (§7.7).
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function storageKeys(storage: Storage | null): string[] {
  if (!storage) return [];
  const keys: string[] = [];
  try {
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i);
      if (key !== null) keys.push(key);
    }
  } catch {
    // A storage that fails mid-listing contributes what it gave so far.
  }
  return keys;
}

function getItem(storage: Storage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Cookies as name → raw value, or an empty map where `document.cookie` is unavailable. */
function readCookies(): Map<string, string> {
  const cookies = new Map<string, string>();
  let text = '';
  try {
    text = typeof document === 'undefined' ? '' : document.cookie;
  } catch {
    return cookies;
  }
  for (const part of text.split(';')) {
    const at = part.indexOf('=');
    if (at === -1) continue;
    const name = part.slice(0, at).trim();
    if (name && !cookies.has(name)) cookies.set(name, part.slice(at + 1).trim());
  }
  return cookies;
}

function decodeCookie(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Sentry: sessionStorage `sentryReplaySession` JSON; its non-empty `id` is the replay id. */
function detectSentry(): SessionIntegrations['sentry'] | undefined {
  const replay = parseObject(getItem(safeStorage('session'), SENTRY_KEY));
  const replayId = nonEmpty(replay?.id);
  return replayId === undefined ? undefined : { replayId };
}

/**
 * PostHog: the first `ph_<token>_posthog` key (localStorage, then sessionStorage, then cookies)
 * names the instance; its JSON is read from all three places with precedence
 * localStorage > cookie > sessionStorage per field.
 */
function detectPosthog(): SessionIntegrations['posthog'] | undefined {
  const local = safeStorage('local');
  const session = safeStorage('session');
  const cookies = readCookies();
  const name = [...storageKeys(local), ...storageKeys(session), ...cookies.keys()].find((key) =>
    POSTHOG_KEY.test(key),
  );
  if (name === undefined) return undefined;

  const sources = [
    parseObject(getItem(local, name)),
    parseObject(decodeCookie(cookies.get(name))),
    parseObject(getItem(session, name)),
  ].filter((source): source is Json => source !== undefined);
  const pick = (field: string): unknown =>
    sources.find((source) => Object.prototype.hasOwnProperty.call(source, field))?.[field];

  const sesid = pick('$sesid');
  const sessionId = Array.isArray(sesid) ? nonEmpty(sesid[1]) : undefined;
  if (sessionId === undefined) return undefined;
  const posthog: NonNullable<SessionIntegrations['posthog']> = { sessionId };
  const distinctId = nonEmpty(pick('distinct_id'));
  const userId = nonEmpty(pick('$user_id'));
  if (distinctId !== undefined) posthog.distinctId = distinctId;
  if (userId !== undefined) posthog.userId = userId;
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
  try {
    if (!Array.isArray(kinds) || kinds.length === 0) return null;
    const found: SessionIntegrations = {};
    if (kinds.includes('sentry')) {
      const sentry = detectSentry();
      if (sentry) found.sentry = sentry;
    }
    if (kinds.includes('posthog')) {
      const posthog = detectPosthog();
      if (posthog) found.posthog = posthog;
    }
    return found.sentry || found.posthog ? found : null;
  } catch {
    return null;
  }
}
