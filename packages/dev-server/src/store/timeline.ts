import type { RrwebEvent } from '../ingest/protocol-bodies.js';
import { isObject } from '../ingest/json-checks.js';
import {
  CUSTOM_FOCUS,
  CUSTOM_QUERY,
  CUSTOM_TRACK,
  CUSTOM_URL,
  CUSTOM_VISIBILITY,
  MILANA_CUSTOM_TAG,
  RRWEB_CUSTOM_EVENT,
  RRWEB_PLUGIN_EVENT,
} from '@milana-js/recorder/protocol';

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

/** A payload field as timeline text: strings as sent, other JSON values as JSON, nothing as ''. */
const text = (value: unknown): string =>
  typeof value === 'string' ? value : value == null ? '' : JSON.stringify(value);

function milanaEntry(
  timestamp: number,
  payload: Record<string, unknown>,
): TimelineEntry | undefined {
  switch (payload.type) {
    case CUSTOM_TRACK:
      return { timestamp, kind: 'track', name: text(payload.name), data: payload };
    case CUSTOM_URL:
      return { timestamp, kind: 'url', name: text(payload.name), data: payload };
    case CUSTOM_QUERY:
      return { timestamp, kind: 'query', name: text(payload.name), data: payload };
    case CUSTOM_VISIBILITY:
      return {
        timestamp,
        kind: 'visibility',
        name: text(payload.visibilityState),
        data: payload,
      };
    case CUSTOM_FOCUS:
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
  if (event.type === RRWEB_CUSTOM_EVENT) {
    if (data.tag === MILANA_CUSTOM_TAG && isObject(data.payload))
      return milanaEntry(event.timestamp, data.payload);
    if (typeof data.tag === 'string')
      return { timestamp: event.timestamp, kind: 'custom', name: data.tag, data: data.payload };
    return undefined;
  }
  if (event.type === RRWEB_PLUGIN_EVENT && typeof data.plugin === 'string') {
    return { timestamp: event.timestamp, kind: 'plugin', name: data.plugin, data: data.payload };
  }
  return undefined;
}
