// @amplitude/analytics-browser with its defaults; events and remote config go to the bench collector.
// User properties go through Identify; Amplitude has no session-scoped property, so the
// session property is a track event carrying it.
import * as amplitude from '@amplitude/analytics-browser';

export async function init(cfg) {
  await amplitude.init('0123456789abcdef0123456789abcdef', {
    serverUrl: `${cfg.collector}/amplitude/2/httpapi`,
    remoteConfig: { serverUrl: `${cfg.collector}/amplitude/config` },
  }).promise;
  return { success: true };
}

export function identify() {
  amplitude.setUserId('u_1042');
  const id = new amplitude.Identify().set('email', 'dana@example.org').set('name', 'Dana K.');
  return amplitude.identify(id).promise;
}

export function updateMeta(i) {
  if (i % 2 === 0)
    return amplitude.identify(new amplitude.Identify().set('plan', `plan-${i}`)).promise;
  return amplitude.track('Session Context Updated', { flow: `flow-${i}` }).promise;
}
