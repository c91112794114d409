import type { RecorderOptions } from '@milana-js/recorder';
import { PRIVACY_OPTION_NAMES } from '@milana-js/recorder/protocol';
import type { PrivacyOptions } from './types';
import type { Logger } from './log';
import { guard } from './env';
import { isObject, say } from './metadata';

/** `init` options after checking, detached from the caller's object. */
export interface ResolvedInitOptions {
  endpoint: string | undefined;
  integrations: ('sentry' | 'posthog')[];
  privacy: PrivacyOptions | undefined;
  recorder: RecorderOptions;
}

const FLAG_KEYS = [
  'shouldRecordCanvas',
  'shouldRecordCrossOriginIframes',
  'disableContentEditableRecording',
] as const;

// Options come from app code and may be Proxies or carry throwing getters: read defensively.
const read = (source: unknown, key: string): unknown =>
  guard(() => (source as Record<string, unknown>)[key]);

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
  const integrations: ResolvedInitOptions['integrations'] = [];
  // `endpoint` and `privacy` stay absent (read as undefined) until given.
  const resolved = { integrations, recorder } as ResolvedInitOptions;
  const drop = (path: string, rule: string) =>
    say(log, 'init', 'options' + path, 'must be ' + rule);
  /**
   * The option `key` when it passes `ok`; a present value that fails is dropped with a warning.
   * `T` is the type that `ok` checks for (named by the caller: `ok` is not always a type guard).
   */
  const take = <T>(key: string, ok: (value: unknown) => unknown, rule: string) => {
    const value = read(options, key);
    return (value === undefined || ok(value) ? value : drop('.' + key, rule)) as T | undefined;
  };

  if (options == null) return resolved;
  if (!isObject(options)) {
    drop('', 'an object');
    return resolved;
  }

  resolved.endpoint = take<string>(
    'endpoint',
    (value) => typeof value === 'string' && value,
    'a non-empty string',
  );

  for (const [i, kind] of (
    take<unknown[]>('integrations', Array.isArray, 'an array') ?? []
  ).entries()) {
    if (kind !== 'sentry' && kind !== 'posthog')
      drop(`.integrations[${i}]`, '"sentry" or "posthog"');
    else if (!integrations.includes(kind)) integrations.push(kind);
  }

  const privacy = copyKnown(take('privacy', isObject, 'an object'), PRIVACY_OPTION_NAMES);
  if (privacy) resolved.privacy = recorder.privacy = privacy as PrivacyOptions;

  for (const key of FLAG_KEYS) {
    const value = take<boolean>(key, (v) => typeof v === 'boolean', 'a boolean');
    if (value !== undefined) recorder[key] = value;
  }
  const internal = copyKnown(read(options, '_internal'), [
    'shouldTrackPerformance',
    'shouldForceUncompressedPayloads',
  ]);
  if (internal) recorder._internal = internal;
  // Passed through unchecked: the recorder validates it, so the identity path stays small.
  recorder.capture = read(options, 'capture') as RecorderOptions['capture'];
  return resolved;
}
