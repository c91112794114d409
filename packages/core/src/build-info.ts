/**
 * Build-time facts sent in the protocol headers (§4). tsup replaces the two identifiers through
 * `define`; the fallbacks only apply when the source runs unbundled (tests, a raw TS import).
 */
declare const __MILANA_VERSION__: string | undefined;
declare const __MILANA_GIT_HASH__: string | undefined;

/** The package version, e.g. `0.1.0`. */
export const CLIENT_VERSION: string =
  typeof __MILANA_VERSION__ === 'string' ? __MILANA_VERSION__ : '0.0.0-dev';

/** The short commit hash of the build, or `unknown`. */
export const CLIENT_GIT_HASH: string =
  typeof __MILANA_GIT_HASH__ === 'string' ? __MILANA_GIT_HASH__ : 'unknown';
