// posthog-js with session recording on. The recorder script is fetched at run time from
// `<api_host>/static/`, which the bench collector serves from the installed posthog-js/dist.
import { start } from './identity.mjs';

export { identify, updateMeta } from './identity.mjs';

export function init(cfg) {
  return start(cfg, { disable_session_recording: false });
}
