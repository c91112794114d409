/**
 * How many of the recorder's own sends (`/batch`, `/metrics` through the host) are on the stack
 * right now. The host's transport calls `fetch` synchronously inside `send`, so a request made
 * while this is above zero is the SDK's own and the network capture leaves it out (api.md:
 * "the SDK's own requests to the ingest endpoint are never captured").
 */
let depth = 0;

/** Run `fn` (a host send) marked as the recorder's own. */
export function asOwnSend<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/** True while one of the recorder's own sends is being made. */
export const isOwnSend = (): boolean => depth > 0;
