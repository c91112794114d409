/**
 * Protocol constants shared by the core, the recorder and the dev server: the privacy option
 * names, the ingest header names (ingest-protocol §4) and the custom-event numbers (§17.1–17.2).
 *
 * They live here, as the recorder's `./protocol` subpath, because the recorder may never import
 * the core (turbo refuses the cycle) while the core and the dev server may import the recorder.
 * This file has no imports at run time and no side effects: the core bundles the few constants
 * it uses into its own files, so the identity path gains no module and no request.
 */
import type { PrivacyOptions } from './host.js';

/**
 * Every key of `PrivacyOptions`: the core copies exactly these from `init`'s `privacy` option.
 * `satisfies` refuses a name that is not an option; the exhaustiveness test in
 * `tests/protocol.test.ts` refuses an option missing from the list.
 */
export const PRIVACY_OPTION_NAMES = [
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
] as const satisfies readonly (keyof PrivacyOptions)[];

/** Ingest request headers (§4), spelled as the SDK sends them. */
export const HEADER_TIME_ZONE = 'X-Milana-Time-Zone';
export const HEADER_LOCALE = 'X-Milana-Locale';
export const HEADER_CLIENT_VERSION = 'X-Milana-Client-Version';
export const HEADER_CLIENT_GIT_HASH = 'X-Milana-Client-Git-Hash';
export const HEADER_PROTOCOL_VERSION = 'X-Milana-Protocol-Version';
export const HEADER_CALLER_TYPE = 'X-Milana-Caller-Type';
export const HEADER_PRODUCT_ID = 'X-Milana-Product-Id';
export const HEADER_CLIENT_KEY = 'X-Milana-Client-Key';
export const HEADER_REFERRER = 'X-Milana-Referrer';
export const HEADER_SESSION_ID = 'X-Milana-Session-Id';

/** Every `X-Milana-*` header of §4, for a server's CORS allow-list. */
export const MILANA_HEADER_NAMES = [
  HEADER_TIME_ZONE,
  HEADER_LOCALE,
  HEADER_CLIENT_VERSION,
  HEADER_CLIENT_GIT_HASH,
  HEADER_PROTOCOL_VERSION,
  HEADER_CALLER_TYPE,
  HEADER_PRODUCT_ID,
  HEADER_CLIENT_KEY,
  HEADER_REFERRER,
  HEADER_SESSION_ID,
] as const;

/** The protocol version the SDK speaks (`X-Milana-Protocol-Version`). */
export const PROTOCOL_VERSION = '1';

/**
 * The headers every ingest request carries (§4), arguments in header order. The names are
 * written as literal keys here rather than through the constants above: a bundle then keeps one
 * object literal instead of a variable per name (about 80 B brotli on the identity path).
 * `tests/protocol.test.ts` checks that both spellings agree.
 */
export function ingestHeaders(
  timeZone: string,
  locale: string,
  clientVersion: string,
  clientGitHash: string,
  callerType: string,
  productId: string,
  clientKey: string,
): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Milana-Time-Zone': timeZone,
    'X-Milana-Locale': locale,
    'X-Milana-Client-Version': clientVersion,
    'X-Milana-Client-Git-Hash': clientGitHash,
    'X-Milana-Protocol-Version': PROTOCOL_VERSION,
    'X-Milana-Caller-Type': callerType,
    'X-Milana-Product-Id': productId,
    'X-Milana-Client-Key': clientKey,
  };
}

/** rrweb event types the stream carries and the protocol names (§17.1). */
export const RRWEB_FULL_SNAPSHOT = 2;
export const RRWEB_CUSTOM_EVENT = 5;
export const RRWEB_PLUGIN_EVENT = 6;

/** The rrweb custom-event tag of every Milana custom event (§17.2). */
export const MILANA_CUSTOM_TAG = 'V';

/** `payload.type` of the Milana custom events (§17.2). */
export const CUSTOM_TRACK = 1;
export const CUSTOM_URL = 2;
export const CUSTOM_QUERY = 3;
export const CUSTOM_VISIBILITY = 4;
export const CUSTOM_FOCUS = 5;
