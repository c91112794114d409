// @datadog/browser-rum with session replay on for every session (its recorder is a lazy chunk).
import { start } from './identity.mjs';

export { identify, updateMeta } from './identity.mjs';

export function init(cfg) {
  return start(cfg, 100);
}
