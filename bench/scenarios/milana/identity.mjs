// Identity path of this repo's milana-js: init, identify, a user property, a session property.
// Recording is not a separate switch here: the server decides, and the bench collector samples.
import {
  init as milanaInit,
  identify as milanaIdentify,
  updateUser,
  updateSession,
} from 'milana-js';

export function init(cfg) {
  return milanaInit(
    'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC',
    'key_pub_bench',
    { environment: 'bench', version: '1.0.0' },
    { endpoint: `${cfg.collector}/milana` },
  );
}

export function identify() {
  return milanaIdentify({ userId: 'u_1042', email: 'dana@example.org', name: 'Dana K.' });
}

/** Even calls set a user property, odd calls a session property, each with a new value. */
export function updateMeta(i) {
  if (i % 2 === 0) return updateUser({ userId: 'u_1042', metadata: { plan: `plan-${i}` } });
  return updateSession({ metadata: { flow: `flow-${i}` } });
}
