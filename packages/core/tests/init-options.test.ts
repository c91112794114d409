import { describe, expect, it } from 'vitest';
import { PRIVACY_OPTION_NAMES } from '@milana-js/recorder/protocol';
import { resolveInitOptions } from '../src/init-options';
import type { PrivacyOptions } from '../src/types';
import { fakeLogger } from './helpers/fake-logger';

describe('resolveInitOptions', () => {
  it('returns the defaults for missing options without a warning', () => {
    const log = fakeLogger();
    expect(resolveInitOptions(undefined, log)).toEqual({
      endpoint: undefined,
      integrations: [],
      privacy: undefined,
      recorder: {},
    });
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('copies the endpoint, integrations, privacy and recorder switches', () => {
    const deny = [/secret/i];
    const resolved = resolveInitOptions(
      {
        endpoint: 'https://t.example.com/milana',
        integrations: ['posthog', 'sentry', 'posthog'],
        privacy: { maskingLevel: 'high', queryTrackingParamsDenyList: deny, unknownKey: 1 },
        shouldRecordCanvas: true,
        disableContentEditableRecording: false,
        _internal: { shouldTrackPerformance: true },
      },
      fakeLogger(),
    );
    expect(resolved).toEqual({
      endpoint: 'https://t.example.com/milana',
      integrations: ['posthog', 'sentry'],
      privacy: { maskingLevel: 'high', queryTrackingParamsDenyList: deny },
      recorder: {
        privacy: { maskingLevel: 'high', queryTrackingParamsDenyList: deny },
        shouldRecordCanvas: true,
        disableContentEditableRecording: false,
        _internal: { shouldTrackPerformance: true },
      },
    });
  });

  it('drops wrongly typed options with one warning each', () => {
    const log = fakeLogger();
    const resolved = resolveInitOptions(
      { endpoint: 42, integrations: 'sentry', privacy: 'strict', shouldRecordCanvas: 'yes' },
      log,
    );
    expect(resolved.endpoint).toBeUndefined();
    expect(resolved.integrations).toEqual([]);
    expect(resolved.privacy).toBeUndefined();
    expect(resolved.recorder).toEqual({});
    const lines = log.warn.mock.calls.map((c) => String(c[0]));
    expect(lines).toHaveLength(4);
    for (const field of ['endpoint', 'integrations', 'privacy', 'shouldRecordCanvas']) {
      expect(lines.some((l) => l.startsWith('init: options.' + field))).toBe(true);
    }
  });

  it('warns about an unsupported integration and keeps the supported ones', () => {
    const log = fakeLogger();
    expect(
      resolveInitOptions({ integrations: ['sentry', 'datadog', Symbol('x')] }, log).integrations,
    ).toEqual(['sentry']);
    expect(log.warn.mock.calls.map((c) => c[0])).toEqual([
      'init: options.integrations[1] must be "sentry" or "posthog"; dropped',
      'init: options.integrations[2] must be "sentry" or "posthog"; dropped',
    ]);
  });

  it('warns once about options that are not an object', () => {
    const log = fakeLogger();
    expect(resolveInitOptions('strict', log).recorder).toEqual({});
    expect(log.warn.mock.calls).toEqual([['init: options must be an object; dropped']]);
  });

  it('survives options whose getters throw', () => {
    const options = {};
    Object.defineProperty(options, 'endpoint', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(() => resolveInitOptions(options, fakeLogger())).not.toThrow();
    expect(
      resolveInitOptions(
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('trap');
            },
          },
        ),
        fakeLogger(),
      ).endpoint,
    ).toBeUndefined();
  });

  it('detaches the copy from the caller object', () => {
    const privacy = { maskingLevel: 'high' as const };
    const resolved = resolveInitOptions({ privacy }, fakeLogger());
    (privacy as { maskingLevel: string }).maskingLevel = 'normal';
    expect(resolved.privacy?.maskingLevel).toBe('high');
  });

  it('passes every privacy option through as given: "" classes, RegExps and the object form of maskInputTypes', () => {
    const log = fakeLogger();
    const privacy = {
      maskingLevel: 'xhigh',
      blockClass: /secret/y,
      ignoreClass: '',
      maskTextClass: '',
      maskInputClass: /^card/,
      unmaskClass: '',
      maskInputTypes: { url: true, email: false },
    } satisfies PrivacyOptions;
    const resolved = resolveInitOptions({ privacy }, log);
    expect(resolved.privacy).toEqual(privacy);
    expect(resolved.recorder.privacy).toEqual(privacy);
    expect(resolveInitOptions({ privacy: { maskInputTypes: ['url'] } }, log).privacy).toEqual({
      maskInputTypes: ['url'],
    });
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('copies exactly the privacy options the recorder knows', () => {
    const every = Object.fromEntries(PRIVACY_OPTION_NAMES.map((name) => [name, name]));
    const resolved = resolveInitOptions({ privacy: { ...every, extra: 1 } }, fakeLogger());
    expect(resolved.privacy).toEqual(every);
  });
});
