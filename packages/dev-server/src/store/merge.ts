import type { JsonObject } from '../ingest/json-checks.js';

/** Shallow key merge, new keys win; nested values are replaced whole (§7.5, §7.6). */
export function mergeMetadata(saved: JsonObject, patch: JsonObject | undefined): JsonObject {
  return patch ? { ...saved, ...patch } : saved;
}

/** Integrations merge per vendor: each present vendor entry replaces the stored one whole. */
export function mergeIntegrations(saved: JsonObject, patch: JsonObject | undefined): JsonObject {
  if (!patch) return saved;
  const out = { ...saved };
  for (const [vendor, entry] of Object.entries(patch)) {
    if (entry !== undefined) out[vendor] = entry;
  }
  return out;
}

/** `value` if defined, else `saved`: undefined never clears a stored field. */
export function keepUnlessDefined<T>(saved: T, value: T | undefined): T {
  return value === undefined ? saved : value;
}
