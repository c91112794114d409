// posthog-js with its defaults (autocapture, pageviews) and session recording off.
// Nearest equivalents: identify(distinctId, props), setPersonProperties (user property) and
// register (a super property stamped on every later event, the closest to session context).
import posthog from 'posthog-js';

export function start(cfg, extra) {
  return new Promise((resolve) => {
    posthog.init('phc_bench_0123456789abcdefghijklmnopqrstuvwxyzAB', {
      api_host: `${cfg.collector}/posthog`,
      person_profiles: 'identified_only',
      disable_session_recording: true,
      // posthog-js drops every event from automated browsers (navigator.webdriver) unless told
      // otherwise, which would make it look free here.
      opt_out_useragent_filter: true,
      ...extra,
      loaded: () => resolve({ success: true }),
    });
  });
}

export function init(cfg) {
  return start(cfg, {});
}

export function identify() {
  posthog.identify('u_1042', { email: 'dana@example.org', name: 'Dana K.' });
}

export function updateMeta(i) {
  if (i % 2 === 0) posthog.setPersonProperties({ plan: `plan-${i}` });
  else posthog.register({ flow: `flow-${i}` });
}
