import type { RecorderOptions } from '@milana-js/recorder';
import type { InitOptions, PrivacyOptions } from './types';
import type { Logger } from './log';
import { guard } from './env';

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
const read = (source: unknown, key: string): unknown =>
  guard(() => (source as Record<string, unknown>)[key]);

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** The known keys of `source`, copied so that later changes to the caller's object do not leak in. */
function copyKnown(source: unknown, keys: readonly string[]): Record<string, unknown> | undefined {
  if (!isObject(source)) return undefined;
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
  const recorder: RecorderOptions = {};
  const resolved: ResolvedInitOptions = {
    endpoint: undefined,
    integrations: [],
    privacy: undefined,
    recorder,
  };
  const drop = (path: string, rule: string): void =>
    log.warn(`init: options${path} must be ${rule}; ignored`);
  /** The option `key` when it passes `ok`; a present value that fails is dropped with a warning. */
  const take = (key: string, ok: (value: unknown) => boolean, rule: string): unknown => {
    const value = read(options, key);
    if (value === undefined || ok(value)) return value;
    drop('.' + key, rule);
  };

  if (options === undefined || options === null) return resolved;
  if (!isObject(options)) {
    drop('', 'an object');
    return resolved;
  }

  resolved.endpoint = take(
    'endpoint',
    (value) => typeof value === 'string' && value !== '',
    'a non-empty string',
  ) as string | undefined;

  const integrations = take('integrations', Array.isArray, 'an array') as unknown[] | undefined;
  for (const [i, kind] of integrations?.entries() ?? []) {
    if (kind !== 'sentry' && kind !== 'posthog')
      drop(`.integrations[${i}]`, '"sentry" or "posthog"');
    else if (!resolved.integrations.includes(kind)) resolved.integrations.push(kind);
  }

  const privacy = copyKnown(take('privacy', isObject, 'an object'), PRIVACY_KEYS);
  if (privacy) resolved.privacy = recorder.privacy = privacy as PrivacyOptions;

  for (const key of FLAG_KEYS) {
    const value = take(key, (v) => typeof v === 'boolean', 'a boolean') as boolean | undefined;
    if (value !== undefined) recorder[key] = value;
  }
  const internal = copyKnown(read(options, '_internal'), [
    'shouldTrackPerformance',
    'shouldForceUncompressedPayloads',
  ]);
  if (internal) recorder._internal = internal as InitOptions['_internal'];
  return resolved;
}
