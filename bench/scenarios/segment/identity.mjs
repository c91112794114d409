// @segment/analytics-next (npm install, not the snippet). Settings come from `cdnURL` and events
// go to the Segment.io destination's apiHost, both pointed at the bench collector.
// Segment has no session-scoped property: user traits go through identify, the session
// property through a track event carrying it.
import { AnalyticsBrowser } from '@segment/analytics-next';

let analytics;

export async function init(cfg) {
  const host = cfg.collector.replace(/^https?:\/\//, '');
  analytics = AnalyticsBrowser.load(
    { writeKey: 'bench_write_key', cdnURL: `${cfg.collector}/segment-cdn` },
    { integrations: { 'Segment.io': { apiHost: `${host}/segment/v1`, protocol: 'http' } } },
  );
  await analytics;
  return { success: true };
}

export function identify() {
  return analytics.identify('u_1042', { email: 'dana@example.org', name: 'Dana K.' });
}

export function updateMeta(i) {
  if (i % 2 === 0) return analytics.identify('u_1042', { plan: `plan-${i}` });
  return analytics.track('Session Context Updated', { flow: `flow-${i}` });
}
