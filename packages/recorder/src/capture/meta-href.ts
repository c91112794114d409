/** rrweb's Meta event type: its `data.href` is the page URL and must be sanitised (§18). */
export const RRWEB_META_EVENT = 4;

/** The event shape the capture emits. */
export interface EmittedEvent {
  type: number;
  data: unknown;
  timestamp: number;
}

/**
 * Return `event` with a Meta event's `data.href` passed through `sanitizeUrl`; any other event is
 * returned as is. A copy is made so rrweb's own object is never mutated behind its back.
 */
export function sanitizeMetaHref(
  event: EmittedEvent,
  sanitizeUrl: (url: string) => string,
): EmittedEvent {
  if (event.type !== RRWEB_META_EVENT) return event;
  const data = event.data;
  if (data === null || typeof data !== 'object') return event;
  const href = (data as { href?: unknown }).href;
  if (typeof href !== 'string') return event;
  return { ...event, data: { ...data, href: sanitizeUrl(href) } };
}
