import type { RrwebEvent } from '../ingest/protocol-bodies.js';
import { isObject } from '../ingest/json-checks.js';

/** The kinds of entry on a session's timeline. */
export type TimelineKind = 'track' | 'url' | 'query' | 'visibility' | 'focus' | 'plugin' | 'custom';

/** One entry of the custom-event index built from the rrweb stream. */
export interface TimelineEntry {
  timestamp: number;
  kind: TimelineKind;
  /** Event name, URL kind (`load`, `pushstate`, ...), visibility state, or plugin name. */
  name: string;
  /** The event's payload as received. */
  data: unknown;
}

const RRWEB_CUSTOM = 5;
const RRWEB_PLUGIN = 6;

/** A payload field as timeline text: strings as sent, other JSON values as JSON, nothing as ''. */
const text = (value: unknown): string =>
  typeof value === 'string' ? value : value == null ? '' : JSON.stringify(value);

function milanaEntry(
  timestamp: number,
  payload: Record<string, unknown>,
): TimelineEntry | undefined {
  switch (payload.type) {
    case 1:
      return { timestamp, kind: 'track', name: text(payload.name), data: payload };
    case 2:
      return { timestamp, kind: 'url', name: text(payload.name), data: payload };
    case 3:
      return { timestamp, kind: 'query', name: text(payload.name), data: payload };
    case 4:
      return {
        timestamp,
        kind: 'visibility',
        name: text(payload.visibilityState),
        data: payload,
      };
    case 5:
      return { timestamp, kind: 'focus', name: payload.hasFocus ? 'focus' : 'blur', data: payload };
    default:
      return undefined;
  }
}

/**
 * Picks the events that belong on the timeline: Milana custom events (type 5, tag "V", §17.2),
 * other custom tags, and plugin events (type 6, §17.3). Everything else is replay-only.
 */
export function timelineEntry(event: RrwebEvent): TimelineEntry | undefined {
  const data = event.data;
  if (!isObject(data)) return undefined;
  if (event.type === RRWEB_CUSTOM) {
    if (data.tag === 'V' && isObject(data.payload))
      return milanaEntry(event.timestamp, data.payload);
    if (typeof data.tag === 'string')
      return { timestamp: event.timestamp, kind: 'custom', name: data.tag, data: data.payload };
    return undefined;
  }
  if (event.type === RRWEB_PLUGIN && typeof data.plugin === 'string') {
    return { timestamp: event.timestamp, kind: 'plugin', name: data.plugin, data: data.payload };
  }
  return undefined;
}
