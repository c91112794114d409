import { randomBytes } from 'node:crypto';

/** A new opaque session id, e.g. `sess_3k9v2m7q8r4t6y1w5n0b`. Random so ids never collide across restarts. */
export function newSessionId(): string {
  return `sess_${randomBytes(10).toString('hex')}`;
}
