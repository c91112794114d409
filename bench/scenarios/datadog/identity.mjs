// @datadog/browser-rum with session replay off. `proxy` sends every intake request to the
// bench collector. setUser, setUserProperty and setGlobalContextProperty match the milana calls.
import { datadogRum } from '@datadog/browser-rum';

export function start(cfg, sessionReplaySampleRate) {
  datadogRum.init({
    applicationId: '00000000-0000-4000-8000-000000000000',
    clientToken: 'pub0123456789abcdef0123456789abcdef',
    site: 'datadoghq.com',
    service: 'bench',
    env: 'bench',
    version: '1.0.0',
    proxy: `${cfg.collector}/datadog`,
    sessionSampleRate: 100,
    sessionReplaySampleRate,
  });
  // init is synchronous: it returns once the SDK is set up.
  return Promise.resolve({ success: true });
}

export function init(cfg) {
  return start(cfg, 0);
}

export function identify() {
  datadogRum.setUser({ id: 'u_1042', email: 'dana@example.org', name: 'Dana K.' });
}

export function updateMeta(i) {
  if (i % 2 === 0) datadogRum.setUserProperty('plan', `plan-${i}`);
  else datadogRum.setGlobalContextProperty('flow', `flow-${i}`);
}
