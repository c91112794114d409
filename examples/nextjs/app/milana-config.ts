import type { SessionInfo } from 'milana-js';

/** Demo credentials: any `prd_` id of 30 characters and any `key_` key work with `milana-dev`. */
export const PRODUCT_ID = 'prd_01HZX3K9V2M7Q8R4T6Y1W5DEMO';
export const CLIENT_KEY = 'key_demo';

export const SESSION_INFO: SessionInfo = {
  environment: 'example',
  version: '1.0.0',
  metadata: { stack: 'nextjs' },
};

/** Used when MILANA_ENDPOINT is not set: the local dev server. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4800';

export const DEMO_USER = {
  userId: 'demo_user_42',
  email: 'ada@example.org',
  name: 'Ada Demo',
  metadata: { plan: 'free', signedUpVia: 'example' },
};
