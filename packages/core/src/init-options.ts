import type { RecorderOptions } from '@milana-js/recorder';
import type { InitOptions, PrivacyOptions } from './types';
import type { Logger } from './log';

/** `init` options after checking, detached from the caller's object. */
export interface ResolvedInitOptions {
  endpoint: string | undefined;
  integrations: ('sentry' | 'posthog')[];
  privacy: PrivacyOptions | undefined;
  recorder: RecorderOptions;
}

const PRIVACY_KEYS = [
  'maskingLevel',
  'blockClass',
  'blockSelector',
  'ignoreClass',
  'ignoreSelector',
  'maskTextClass',
  'maskInputClass',
  'maskSelector',
  'unmaskClass',
  'unmaskSelector',
  'maskInputTypes',
  'shouldTrackQueryParams',
  'queryTrackingParamsDenyList',
  'shouldUseLayoutPreservingMasking',
] as const;

const FLAG_KEYS = [
  'shouldRecordCanvas',
  'shouldRecordCrossOriginIframes',
  'disableContentEditableRecording',
] as const;

// Options come from app code and may be Proxies or carry throwing getters: read defensively.
function read(source: unknown, key: string): unknown {
  if (source === null || typeof source !== 'object') return undefined;
  try {
    return (source as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function copyKnown(source: unknown, keys: readonly string[]): Record<string, unknown> | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const value = read(source, key);
    if (value !== undefined) copy[key] = value;
  }
  return copy;
}

/**
 * Checks and copies `init` options. Wrong types are dropped with one warning each; unknown keys
 * are ignored (the recorder validates its own privacy settings).
 */
export function resolveInitOptions(options: unknown, log: Logger): ResolvedInitOptions {
  const resolved: ResolvedInitOptions = {
    endpoint: undefined,
    integrations: [],
    privacy: undefined,
    recorder: {},
  };
  if (options === undefined || options === null) return resolved;
  if (typeof options !== 'object') {
    log.warn('init: options must be an object; ignored');
    return resolved;
  }

  const endpoint = read(options, 'endpoint');
  if (typeof endpoint === 'string' && endpoint.length > 0) resolved.endpoint = endpoint;
  else if (endpoint !== undefined)
    log.warn('init: options.endpoint must be a non-empty string; ignored');

  const integrations = read(options, 'integrations');
  if (Array.isArray(integrations)) {
    for (const kind of integrations) {
      if ((kind === 'sentry' || kind === 'posthog') && !resolved.integrations.includes(kind))
        resolved.integrations.push(kind);
      else if (kind !== 'sentry' && kind !== 'posthog')
        log.warn(
          `init: options.integrations: ${typeof kind === 'string' ? `"${kind}"` : typeof kind} is not supported (use "sentry" or "posthog")`,
        );
    }
  } else if (integrations !== undefined) {
    log.warn('init: options.integrations must be an array; ignored');
  }

  const privacy = read(options, 'privacy');
  if (privacy !== undefined && (privacy === null || typeof privacy !== 'object')) {
    log.warn('init: options.privacy must be an object; ignored');
  }
  resolved.privacy = copyKnown(privacy, PRIVACY_KEYS) as PrivacyOptions | undefined;

  const recorder: RecorderOptions = {};
  if (resolved.privacy) recorder.privacy = resolved.privacy;
  for (const key of FLAG_KEYS) {
    const value = read(options, key);
    if (typeof value === 'boolean') recorder[key] = value;
    else if (value !== undefined) log.warn(`init: options.${key} must be a boolean; ignored`);
  }
  const internal = copyKnown(read(options, '_internal'), [
    'shouldTrackPerformance',
    'shouldForceUncompressedPayloads',
  ]);
  if (internal) recorder._internal = internal as InitOptions['_internal'];
  resolved.recorder = recorder;
  return resolved;
}
