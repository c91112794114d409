import type { InitOptions, SessionInfo } from 'milana-js';

/** Demo credentials: any `prd_` id of 30 characters and any `key_` key work with `milana-dev`. */
export const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5DEMO';
export const CLIENT_KEY = 'key_demo';

export const SESSION_INFO: SessionInfo = {
  environment: 'example',
  version: '1.0.0',
  metadata: { stack: 'react-vite' },
};

export const MILANA_OPTIONS: InitOptions = {
  // Vite inlines VITE_* variables at build time; the default is the local dev server.
  endpoint: import.meta.env.VITE_MILANA_ENDPOINT || 'http://127.0.0.1:4800',
  // Anything with this class is masked before it leaves the browser.
  privacy: { maskInputClass: 'milana-mask' },
  // Console warnings and errors, failed and slow requests, and uncaught errors beside the replay.
  // Off by default; see the privacy rules in the milana-js README.
  capture: { console: true, network: true, errors: true },
};

export const DEMO_USER = {
  userId: 'demo_user_42',
  email: 'ada@example.org',
  name: 'Ada Demo',
  metadata: { plan: 'free', signedUpVia: 'example' },
};
