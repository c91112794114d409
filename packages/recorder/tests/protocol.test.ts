import { describe, expect, expectTypeOf, it } from 'vitest';
import type { MilanaCustomPayload, PrivacyOptions } from '../src/host.js';
import {
  CUSTOM_FOCUS,
  CUSTOM_QUERY,
  CUSTOM_TRACK,
  CUSTOM_URL,
  CUSTOM_VISIBILITY,
  HEADER_CALLER_TYPE,
  HEADER_CLIENT_GIT_HASH,
  HEADER_CLIENT_KEY,
  HEADER_CLIENT_VERSION,
  HEADER_LOCALE,
  HEADER_PRODUCT_ID,
  HEADER_PROTOCOL_VERSION,
  HEADER_REFERRER,
  HEADER_SESSION_ID,
  HEADER_TIME_ZONE,
  MILANA_HEADER_NAMES,
  PRIVACY_OPTION_NAMES,
  PROTOCOL_VERSION,
  ingestHeaders,
} from '../src/protocol.js';

describe('protocol constants', () => {
  it('name every privacy option exactly once', () => {
    // A Record over `keyof PrivacyOptions` must list every option and nothing else, so adding an
    // option to the type without adding it to PRIVACY_OPTION_NAMES fails here (and in tsc).
    const every: Record<keyof PrivacyOptions, true> = {
      maskingLevel: true,
      blockClass: true,
      blockSelector: true,
      ignoreClass: true,
      ignoreSelector: true,
      maskTextClass: true,
      maskInputClass: true,
      maskSelector: true,
      unmaskClass: true,
      unmaskSelector: true,
      maskInputTypes: true,
      shouldTrackQueryParams: true,
      queryTrackingParamsDenyList: true,
      shouldUseLayoutPreservingMasking: true,
    };
    expect([...PRIVACY_OPTION_NAMES].sort()).toEqual(Object.keys(every).sort());
    expect(new Set(PRIVACY_OPTION_NAMES).size).toBe(PRIVACY_OPTION_NAMES.length);
    expectTypeOf<
      Exclude<keyof PrivacyOptions, (typeof PRIVACY_OPTION_NAMES)[number]>
    >().toEqualTypeOf<never>();
  });

  it('give the custom-event numbers of §17.2 and the ten X-Milana headers of §4', () => {
    expect([CUSTOM_TRACK, CUSTOM_URL, CUSTOM_QUERY, CUSTOM_VISIBILITY, CUSTOM_FOCUS]).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expectTypeOf<MilanaCustomPayload['type']>().toEqualTypeOf<1 | 2 | 3 | 4 | 5>();
    expect(MILANA_HEADER_NAMES).toHaveLength(10);
    for (const name of MILANA_HEADER_NAMES) expect(name).toMatch(/^X-Milana-[A-Z][A-Za-z-]+$/);
  });

  it('spell the headers of ingestHeaders like the header constants, each value in its place', () => {
    const headers = ingestHeaders('tz', 'loc', 'ver', 'hash', 'caller', 'prd', 'key');
    expect(headers).toEqual({
      'Content-Type': 'application/json',
      [HEADER_TIME_ZONE]: 'tz',
      [HEADER_LOCALE]: 'loc',
      [HEADER_CLIENT_VERSION]: 'ver',
      [HEADER_CLIENT_GIT_HASH]: 'hash',
      [HEADER_PROTOCOL_VERSION]: PROTOCOL_VERSION,
      [HEADER_CALLER_TYPE]: 'caller',
      [HEADER_PRODUCT_ID]: 'prd',
      [HEADER_CLIENT_KEY]: 'key',
    });
    const perRequest = [HEADER_REFERRER, HEADER_SESSION_ID];
    expect(
      [...Object.keys(headers).filter((name) => name !== 'Content-Type'), ...perRequest].sort(),
    ).toEqual([...MILANA_HEADER_NAMES].sort());
  });
});
