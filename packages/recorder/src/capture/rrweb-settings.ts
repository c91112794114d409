/** Full snapshot ("checkout") period of §17.1: lets the server split long sessions. */
export const CHECKOUT_EVERY_MS = 600_000;
