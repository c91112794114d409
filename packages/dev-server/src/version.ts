declare const __DEV_SERVER_VERSION__: string | undefined;

/** The package version, injected by the build; `0.0.0-dev` when running from source. */
export const DEV_SERVER_VERSION: string =
  typeof __DEV_SERVER_VERSION__ === 'string' ? __DEV_SERVER_VERSION__ : '0.0.0-dev';
