/** Full snapshot ("checkout") period of §17.1: lets the server split long sessions. */
export const CHECKOUT_EVERY_MS = 600_000;

/** The rrweb custom-event tag every Milana custom event uses (§17.2). */
export const MILANA_CUSTOM_TAG = 'V';

/** rrweb event types the capture cares about. */
export const RRWEB_FULL_SNAPSHOT = 2;

/** rrweb's custom event type (§17.2): `data = { tag, payload }`. */
export const RRWEB_CUSTOM_EVENT = 5;

/** rrweb's plugin event type (§17.3): `data = { plugin, payload }`. */
export const RRWEB_PLUGIN_EVENT = 6;
