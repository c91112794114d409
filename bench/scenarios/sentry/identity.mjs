// @sentry/browser with its default integrations and no replay. The DSN points at the bench
// collector. Sentry sends nothing for setUser/setTag until an event happens: the user property
// rides on the user object, the session property is a tag.
import * as Sentry from '@sentry/browser';

const user = { id: 'u_1042', email: 'dana@example.org', username: 'Dana K.' };

export function dsn(cfg) {
  return cfg.collector.replace('://', '://0123456789abcdef0123456789abcdef@') + '/sentry/1';
}

export function init(cfg) {
  Sentry.init({ dsn: dsn(cfg), release: 'bench@1.0.0', environment: 'bench' });
  return Promise.resolve({ success: true });
}

export function identify() {
  Sentry.setUser(user);
}

export function updateMeta(i) {
  if (i % 2 === 0) {
    user.plan = `plan-${i}`;
    Sentry.setUser(user);
  } else Sentry.setTag('flow', `flow-${i}`);
}
