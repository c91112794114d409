// @sentry/browser with Session Replay recording every session.
import * as Sentry from '@sentry/browser';
import { dsn } from './identity.mjs';

export { identify, updateMeta } from './identity.mjs';

export function init(cfg) {
  Sentry.init({
    dsn: dsn(cfg),
    release: 'bench@1.0.0',
    environment: 'bench',
    integrations: [Sentry.replayIntegration()],
    replaysSessionSampleRate: 1,
    replaysOnErrorSampleRate: 1,
  });
  return Promise.resolve({ success: true });
}
