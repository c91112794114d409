/**
 * `/batch` envelopes (§8.1) built by string joining, so each event is serialised only once (when
 * it was buffered) and the key order is fixed: `version`, `batchStartedAt`, flags, `events`.
 */

/** The optional flags of §8.1; only the page-close ping and the client abort carry any. */
export type BatchFlags = { kind: 'regular' } | { kind: 'page-close' } | { kind: 'client-abort' };

/**
 * Join pre-serialised events into a `/batch` body.
 *
 * @example
 * ```ts
 * batchBody(['{"type":3,"data":{},"timestamp":5}'], 5, { kind: 'regular' });
 * // '{"version":1,"batchStartedAt":5,"events":[{"type":3,"data":{},"timestamp":5}]}'
 * ```
 */
export function batchBody(
  serialisedEvents: readonly string[],
  batchStartedAt: number,
  flags: BatchFlags,
): string {
  let head = `{"version":1,"batchStartedAt":${JSON.stringify(batchStartedAt)}`;
  if (flags.kind === 'page-close') head += ',"isPageClose":true';
  if (flags.kind === 'client-abort')
    head += ',"isClientAbort":true,"clientAbortReason":"CLIENT_STOPPED"';
  return `${head},"events":[${serialisedEvents.join(',')}]}`;
}
